import Algorithms

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One IANA time zone read from the system's time zone database (the TZif files of RFC 8536 under
/// `/usr/share/zoneinfo`, or `$TZDIR`): its UTC offset and abbreviation at any instant.
///
/// Read here rather than through Foundation, whose named zones need FoundationInternationalization
/// and ICU (≈ 8 MB of resident memory for an idle server); the C library reads the same files.
struct ZoneInfo: Sendable, Equatable {
    /// The local time in force from an instant on.
    struct Offset: Sendable, Equatable {
        /// Seconds east of UTC.
        let seconds: Int
        /// The zone's abbreviation then, such as `BST` or `+03`.
        let abbreviation: String
    }

    /// The instants (seconds since 1970, ascending) at which the offset changes.
    let transitions: [Int64]
    /// The offset from each transition on (same count as `transitions`).
    let offsets: [Offset]
    /// The offset before the first transition (RFC 8536 §3.2: the first local time type).
    let initial: Offset
    /// The rule after the last transition (the file's footer), nil when the last offset stays.
    let rule: PosixZoneRule?

    /// The zone named `name` (such as `Europe/London`), nil when the database has no such zone.
    init?(named name: String) {
        // A name is a path inside the database, never outside it.
        let allowed = name.utf8.allSatisfy { byte in
            "/_-+".utf8.contains(byte) || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard allowed, !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else { return nil }
        let directory = ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/share/zoneinfo"
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
        self.init(tzif: [UInt8](data))
    }

    /// A zone given by a POSIX rule alone, such as `CET-1CEST,M3.5.0,M10.5.0/3` (a `TZ` may be one).
    init(rule: PosixZoneRule) {
        transitions = []
        offsets = []
        initial = rule.standard
        self.rule = rule
    }

    /// The zone in a TZif file's bytes; nil when they are not one.
    init?(tzif bytes: [UInt8]) {
        var reader = TZifReader(bytes: bytes)
        guard let parsed = reader.read() else { return nil }
        (transitions, offsets, initial, rule) = parsed
    }

    /// The offset in force at `seconds` since 1970.
    func offset(at seconds: Int64) -> Offset {
        if let rule, seconds >= transitions.last ?? .min { return rule.offset(at: seconds) }
        // The last transition at or before `seconds`, if any.
        let after = transitions.partitioningIndex { $0 > seconds }
        return after == 0 ? initial : offsets[after - 1]
    }
}
