/// A 400 naming the field (`api.md` §5: every configuration field is validated).
func invalidField(_ field: String, _ problem: String) -> APIError {
    APIError(.validation, "Field '\(field)' \(problem)", details: ["field": .string(field)])
}

/// Whether `url` is an http(s) URL without a user name or password in it: credentials belong in
/// the fields that keep them sealed, not in a URL that is stored and answered as typed.
func isHTTPURLWithoutCredentials(_ url: String, maxLength: Int) -> Bool {
    guard url.hasPrefix("http://") || url.hasPrefix("https://"), url.count <= maxLength, !url.contains(" ") else { return false }
    let authority = url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return !authority.isEmpty && !authority.contains("@")
}

/// `configuration/ntfy` (and the `ntfy` of `configuration/notifications`) as sent.
struct NtfyBody: Decodable, Sendable {
    var url: String?
    var topic: String?
    var accessToken: String?
    var enabled: Bool?

    /// `current` with the sent fields applied, validated; the token sealed with `secrets`.
    func applied(to current: NtfyConfiguration, secrets: SecretBox, prefix: String = "") throws -> NtfyConfiguration {
        var config = current
        if let url {
            guard isHTTPURLWithoutCredentials(url, maxLength: 500) else {
                throw invalidField(prefix + "url", "must be an http(s) URL without a user name or password (use accessToken)")
            }
            // The stored token goes only to the server it was given for: a new address (saved, or
            // only tested) without a token of its own sends none.
            if url != current.url { config.accessToken = nil }
            config.url = url
        }
        if let topic {
            let valid = topic.count <= 64 && topic.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            guard valid else { throw invalidField(prefix + "topic", "must be at most 64 letters, digits, '-' or '_'") }
            config.topic = topic.isEmpty ? NtfyConfiguration.standard().topic : topic
        }
        if let accessToken { config.accessToken = accessToken.isEmpty ? nil : try secrets.seal(accessToken) }
        // Saving a channel turns it on unless the body says otherwise.
        config.enabled = enabled ?? true
        return config
    }
}

/// `configuration/email` as sent.
struct EmailBody: Decodable, Sendable {
    var host: String?
    var port: Int?
    var connectionType: String?
    var requireAuth: Bool?
    var username: String?
    var password: String?
    var senderName: String?
    var fromAddress: String?
    var mailto: String?
    var enabled: Bool?

    /// `current` (or nothing yet) with the sent fields applied and validated.
    func applied(to current: EmailConfiguration?, secrets: SecretBox) throws -> EmailConfiguration {
        guard let host = host ?? current?.host, !host.isEmpty else { throw invalidField("host", "is required") }
        guard host.count <= 253, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { throw invalidField("host", "must be a host name") }
        var config = current ?? EmailConfiguration(host: host, port: 587, mailto: "")
        // The stored password goes only to the server it was given for.
        let previous = (config.host, config.port)
        config.host = host
        if let connectionType {
            guard let type = EmailConfiguration.ConnectionType(rawValue: connectionType) else {
                throw invalidField("connectionType", "must be plain, starttls or ssl")
            }
            config.connectionType = type
            if port == nil && current == nil { config.port = type == .ssl ? 465 : 587 }
        }
        if let port {
            guard (1...65535).contains(port) else { throw invalidField("port", "must be between 1 and 65535") }
            config.port = port
        }
        if previous != (config.host, config.port) { config.password = nil }
        if let requireAuth { config.requireAuth = requireAuth }
        if let username { config.username = username }
        if let password { config.password = password.isEmpty ? nil : try secrets.seal(password) }
        if let senderName {
            guard senderName.count <= 100, !senderName.contains(where: \.isNewline) else {
                throw invalidField("senderName", "must be one line of at most 100 characters")
            }
            config.senderName = senderName
        }
        if let fromAddress {
            guard fromAddress.isEmpty || Self.isAddress(fromAddress) else { throw invalidField("fromAddress", "must be an e-mail address") }
            config.fromAddress = fromAddress
        }
        if let mailto { config.mailto = mailto }
        guard config.recipients.allSatisfy(Self.isAddress) else { throw invalidField("mailto", "must be a comma-separated list of e-mail addresses") }
        // Saving a channel turns it on unless the body says otherwise.
        config.enabled = enabled ?? true
        if config.requireAuth && config.username.isEmpty { throw invalidField("username", "is required when requireAuth is true") }
        return config
    }

    /// A plausible address: `local@domain`, no spaces, angle brackets or line breaks.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.count <= 254
            && !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0.isNewline }
    }
}

/// `configuration/webhook` as sent.
struct WebhookBody: Decodable, Sendable {
    var url: String?
    var headers: [String: String]?
    var enabled: Bool?

    /// `current` with the sent fields applied; header values sealed.
    func applied(to current: WebhookConfiguration?, secrets: SecretBox) throws -> WebhookConfiguration {
        guard let url = url ?? current?.url, isHTTPURLWithoutCredentials(url, maxLength: 1000) else {
            throw invalidField("url", "must be an http(s) URL without a user name or password (use headers)")
        }
        var config = current ?? WebhookConfiguration(url: url)
        // The stored headers (which may hold a token) go only to the address they were given for.
        if url != config.url { config.headers = [:] }
        config.url = url
        if let headers {
            var sealed: [String: SealedSecret] = [:]
            for (name, value) in headers {
                let token = !name.isEmpty && name.count <= 100 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
                guard token, !value.contains(where: \.isNewline) else { throw invalidField("headers", "must map header names to one-line values") }
                sealed[name] = try secrets.seal(value)
            }
            config.headers = sealed
        }
        // Saving a channel turns it on unless the body says otherwise.
        config.enabled = enabled ?? true
        return config
    }
}

/// `configuration/display` as sent.
struct DisplayBody: Decodable, Sendable {
    var theme: String?
    var pageSize: Int?
    var refreshSeconds: Int?
    var chartRange: String?
    var chartStyle: String?
    var cardSort: String?
    var dashboardView: String?

    /// `current` with the sent fields applied and validated.
    func applied(to current: DisplayConfiguration) throws -> DisplayConfiguration {
        var display = current
        // Each word field takes the settings page's choices, the values the pages act on.
        func choice(_ value: String?, _ field: String, _ values: [String]) throws -> String? {
            guard let value else { return nil }
            guard values.contains(value) else {
                throw invalidField(field, "must be one of \(values.joined(separator: ", ")), not '\(value.prefix(40))'")
            }
            return value
        }
        if let pageSize {
            guard (1...1000).contains(pageSize) else { throw invalidField("pageSize", "must be between 1 and 1000") }
            display.pageSize = pageSize
        }
        if let refreshSeconds {
            guard (0...86_400).contains(refreshSeconds) else { throw invalidField("refreshSeconds", "must be between 0 and 86400") }
            display.refreshSeconds = refreshSeconds
        }
        display.theme = try choice(theme, "theme", ["system", "light", "dark"]) ?? display.theme
        display.chartRange = try choice(chartRange, "chartRange", ["7d", "14d", "30d", "90d", "180d", "365d", "all"]) ?? display.chartRange
        display.chartStyle = try choice(chartStyle, "chartStyle", ["line", "bar"]) ?? display.chartStyle
        display.cardSort = try choice(cardSort, "cardSort", ["name", "status", "last"]) ?? display.cardSort
        display.dashboardView = try choice(dashboardView, "dashboardView", ["cards", "table"]) ?? display.dashboardView
        return display
    }
}
