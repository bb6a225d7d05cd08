/// One notification template (`monitoring.md` §6).
struct NotificationTemplate: Sendable, Codable, Equatable {
    /// ntfy's priorities.
    enum Priority: String, Sendable, Codable, CaseIterable {
        case min, low, `default`, high, max

        /// Reads a priority; another word is refused naming the five (the decoder's own message
        /// names a Swift type).
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let word = try container.decode(String.self)
            guard let priority = Self(rawValue: word) else {
                let choices = Self.allCases.map(\.rawValue).joined(separator: ", ")
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "must be one of \(choices), not '\(word.prefix(40))'")
            }
            self = priority
        }
    }

    var title: String
    var message: String
    var priority: Priority
    var tags: String
}

/// The three templates.
struct NotificationTemplates: Sendable, Codable, Equatable {
    var success: NotificationTemplate
    var warning: NotificationTemplate
    var overdueBackup: NotificationTemplate

    /// The built-in English templates.
    static let defaults = NotificationTemplates(
        success: NotificationTemplate(
            title: "✅ {status} - {backup_name} @ {server_alias}",
            message: """
                Backup {backup_name} on {server_alias} finished with {status}.
                Date: {backup_date}
                Duration: {duration}
                Note: {server_note}
                Uploaded: {uploaded_size}
                Storage used: {storage_size}
                Available versions: {available_versions}
                """,
            priority: .default,
            tags: "duplicati, duplistatus, success"
        ),
        warning: NotificationTemplate(
            title: "⚠️ {status} - {backup_name} @ {server_alias}",
            message: """
                Backup {backup_name} on {server_alias} finished with {status}.
                Date: {backup_date}
                Duration: {duration}
                Note: {server_note}
                Uploaded: {uploaded_size}
                Storage used: {storage_size}
                Available versions: {available_versions}
                Warnings: {warnings_count}, errors: {errors_count}
                {log_text}
                Check Duplicati at {server_url}
                """,
            priority: .high,
            tags: "duplicati, duplistatus, warning, error"
        ),
        overdueBackup: NotificationTemplate(
            title: "🕑 Overdue - {backup_name} @ {server_alias}",
            message: """
                Backup {backup_name} on {server_alias} is overdue.
                Last backup: {last_backup_date} ({last_elapsed})
                Expected: {expected_date} ({expected_elapsed})
                Interval: {backup_interval}, tolerance: {overdue_tolerance}
                Check Duplicati at {server_url}
                """,
            priority: .default,
            tags: "duplicati, duplistatus, overdue"
        )
    )
}

/// Renders `{name}` placeholders: unknown or missing variables render empty, `{{name}}` renders `{name}`.
enum TemplateRenderer {
    /// `text` with every placeholder replaced from `variables`.
    static func render(_ text: String, _ variables: [String: String]) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "{" {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == "{", let close = text[next...].firstIndex(of: "}"),
                    text.index(after: close) < text.endIndex, text[text.index(after: close)] == "}"
                {
                    output += "{" + text[text.index(after: next)..<close] + "}"
                    index = text.index(close, offsetBy: 2)
                    continue
                }
                if let close = text[next...].firstIndex(of: "}"), isName(text[next..<close]) {
                    output += variables[String(text[next..<close])] ?? ""
                    index = text.index(after: close)
                    continue
                }
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }

    /// Whether `name` looks like a variable (`[a-z_]+`).
    private static func isName(_ name: Substring) -> Bool {
        !name.isEmpty && name.count <= 40 && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }
}
