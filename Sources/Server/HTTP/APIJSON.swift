import FoundationEssentials

/// The JSON conventions of api.md §1 in one place: sorted keys, unescaped slashes, timestamps as
/// ISO 8601 UTC with milliseconds and durations as `HH:MM:SS`.
enum APIJSON {
    /// An instant as every API timestamp is written, `"2024-01-15T10:30:00.000Z"`.
    ///
    /// Views hold this instead of preformatted strings, so no call site formats a date; it is
    /// exact to the millisecond (integer arithmetic, no trip through `Double`).
    struct Timestamp: Encodable, Sendable, Equatable, Comparable {
        /// The instant in epoch milliseconds (UTC).
        var epochMilliseconds: Int64

        /// The instant `epochMilliseconds`.
        init(_ epochMilliseconds: Int64) {
            self.epochMilliseconds = epochMilliseconds
        }

        /// A `Date`, truncated to the millisecond.
        init(_ date: Date) {
            epochMilliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        }

        /// The text the API writes.
        var text: String { ReportTimestamp.isoString(epochMilliseconds: epochMilliseconds) }

        /// Writes the text.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }

        /// Earlier instants first.
        static func < (lhs: Self, rhs: Self) -> Bool { lhs.epochMilliseconds < rhs.epochMilliseconds }
    }

    /// A run's duration as `HH:MM:SS` (hours may exceed 24; negative spans read as zero).
    struct Duration: Encodable, Sendable, Equatable {
        /// The span in seconds.
        var seconds: Double

        /// The span of `seconds`.
        init(seconds: Double) {
            self.seconds = seconds
        }

        /// The text the API writes.
        var text: String { DotNetTimeSpan.display(seconds: max(0, seconds)) }

        /// Writes the text.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(text)
        }
    }

    /// An encoder for response bodies; a new one each time because encoders carry mutable settings.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        // Sorted so a response's bytes depend only on its content (diffs, ETags, tests).
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // `Date`s (the store's statistics) are written like every other timestamp.
        encoder.dateEncodingStrategy = .custom { date, encoder in try Timestamp(date).encode(to: encoder) }
        return encoder
    }
}
