import FoundationEssentials

/// The JSON conventions of api.md §1 in one place: timestamps as ISO 8601 UTC with milliseconds.
enum APIJSON {
    /// `2024-01-15T10:30:00.000Z`.
    static let timestampStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    /// Formats a date the way every API timestamp is written.
    static func timestamp(_ date: Date) -> String {
        timestampStyle.format(date)
    }

    /// An encoder for response bodies; a new one each time because encoders carry mutable settings.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        // Sorted so a response's bytes depend only on its content (diffs, ETags, tests).
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timestamp(date))
        }
        return encoder
    }
}
