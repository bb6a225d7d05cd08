/// The ntfy channel (`monitoring.md` §7): secrets are sealed (`SecretBox`), never stored plain.
struct NtfyConfiguration: Sendable, Codable, Equatable {
    var url = "https://ntfy.sh/"
    var topic: String
    var accessToken: SealedSecret?
    var enabled = true

    /// The defaults with a fresh random topic, switched off: nothing leaves the machine until a
    /// person turns the channel on (docs/decisions.md).
    static func standard() -> NtfyConfiguration {
        NtfyConfiguration(topic: "duplistatus-" + RandomText.alphanumerics(12), enabled: false)
    }
}

/// The e-mail channel.
struct EmailConfiguration: Sendable, Codable, Equatable {
    /// How the SMTP connection is secured.
    enum ConnectionType: String, Sendable, Codable, CaseIterable {
        case plain, starttls, ssl
    }

    var host: String
    var port: Int
    var connectionType: ConnectionType = .starttls
    var requireAuth = false
    var username = ""
    var password: SealedSecret?
    var senderName = "duplistatus"
    var fromAddress = ""
    /// Comma-separated recipients.
    var mailto: String
    var enabled = true

    /// The recipients, trimmed, without empties.
    var recipients: [String] {
        mailto.split(separator: ",").map { String(ReportText.trimmed($0)) }.filter { !$0.isEmpty }
    }

    /// The envelope sender: the from address, or else the username.
    var sender: String { fromAddress.isEmpty ? username : fromAddress }
}

/// The generic webhook channel; header values are sealed since they usually carry tokens.
struct WebhookConfiguration: Sendable, Codable, Equatable {
    var url: String
    var headers: [String: SealedSecret] = [:]
    var enabled = true
}

/// UI preferences kept on the server (`api.md` §5 display).
struct DisplayConfiguration: Sendable, Codable, Equatable {
    var theme = "system"
    var pageSize = 10
    var refreshSeconds = 60
    var chartRange = "30d"
    var chartStyle = "line"
    var cardSort = "status"
    var dashboardView = "cards"
}

/// Random text from the system's secure generator.
enum RandomText {
    /// `count` characters from `[A-Za-z0-9]`.
    static func alphanumerics(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }

    /// Whether `byte` is one of the characters `alphanumerics` draws from.
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
