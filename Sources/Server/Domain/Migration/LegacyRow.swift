/// One row of a table of the Node duplistatus database, by column name: SQLite's integers, reals,
/// text and NULL as JSON values, so columns a schema version lacks are simply absent and columns we
/// have no field for can be kept verbatim.
package struct LegacyRow: Sendable, Equatable {
    /// The row's values by column name.
    package var columns: [String: ReportJSON]

    /// A row of `columns`.
    package init(_ columns: [String: ReportJSON]) {
        self.columns = columns
    }

    /// The text of `column`; nil when absent or NULL. Numbers are written as text.
    package func text(_ column: String) -> String? {
        switch columns[column] {
        case .string(let text)?: return text
        case .int(let value)?: return String(value)
        case .double(let value)?: return String(value)
        default: return nil
        }
    }

    /// The integer of `column` (text holding an integer counts); 0 when absent, NULL or not integral.
    func int(_ column: String) -> Int64 {
        switch columns[column] {
        case .int(let value)?: return value
        case .double(let value)?: return Int64(exactly: value.rounded(.towardZero)) ?? 0
        case .string(let text)?: return Int64(ReportText.trimmed(text)) ?? 0
        default: return 0
        }
    }

    /// The number of `column`; 0 when absent, NULL or not a number.
    func double(_ column: String) -> Double {
        switch columns[column] {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        case .string(let text)?: return Double(ReportText.trimmed(text)) ?? 0
        default: return 0
        }
    }

    /// SQLite's booleans: any non-zero integer, or "true".
    func bool(_ column: String) -> Bool {
        switch columns[column] {
        case .int(let value)?: return value != 0
        case .bool(let value)?: return value
        case .string(let text)?: return text.lowercased() == "true" || text == "1"
        default: return false
        }
    }

    /// The instant in `column` (epoch ms): ISO text, or SQLite's `YYYY-MM-DD HH:MM:SS` in UTC.
    func time(_ column: String) -> Int64? {
        text(column).flatMap(ReportTimestamp.parseISO).flatMap { $0.isDotNetZero ? nil : $0.epochMilliseconds }
    }

    /// The strings of a JSON array stored as text (`messages_array`…); empty when absent or NULL,
    /// nil when the text is not a JSON array of strings.
    func stringArray(_ column: String) -> [String]? {
        guard let text = text(column), !ReportText.trimmed(text).isEmpty else { return [] }
        guard let parsed = try? ReportJSONParser.parse(Array(text.utf8)) else { return nil }
        if parsed.isNull { return [] }
        guard let elements = parsed.arrayValue else { return nil }
        let strings = elements.compactMap(\.stringValue)
        return strings.count == elements.count ? strings : nil
    }
}
