/// Deterministic identifiers, so re-importing the same report always yields the same ids.
///
/// FNV-1a (64-bit) is used because it is tiny, has no dependencies and is stable across
/// platforms and releases, unlike Swift's seeded `Hasher`. It is not collision-resistant
/// against an attacker, which is fine: a collision only makes the store treat two runs of the
/// same job as one duplicate, and the (serverId, backupName, beginTime) key is checked as well.
enum RunIdentity {
    /// A run's id: FNV-1a-64 over the UTF-8 of `serverId + "\0" + backupName + "\0" +
    /// decimal(beginTime ms)`, as 13 base-36 digits — short enough that Swift stores it inline,
    /// which keeps a million in-memory keys free of heap allocations.
    static func runId(serverId: String, backupName: String, beginTime: Int64) -> String {
        var hash = FNV1a64()
        hash.add(serverId)
        hash.add(0)
        hash.add(backupName)
        hash.add(0)
        hash.add(String(beginTime))
        return hash.base36
    }

    /// The longest server id, in UTF-8 bytes (Duplicati's machine-ids have 32).
    static let longestServerId = 200

    /// Why `id` cannot be a server id; nil when it can. Job keys are "<serverId>:<backup name>" (a
    /// server's runs are found by that prefix) and ids appear in URL paths, so ':', '/', "." and
    /// ".." are refused, with control characters and ids over `longestServerId` bytes. Bytes, not
    /// `Character`s: a grapheme search cost about a microsecond an upload, and a ':' that a
    /// combining mark follows must be refused as well.
    static func serverIdProblem(_ id: some StringProtocol) -> String? {
        let bytes = id.utf8
        if bytes.count > longestServerId { return "is longer than \(longestServerId) bytes" }
        if bytes.elementsEqual(".".utf8) || bytes.elementsEqual("..".utf8) { return "is '\(id)', which a URL path cannot hold" }
        for byte in bytes {
            if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "/") { return "contains ':' or '/'" }
            if byte < 0x20 || byte == 0x7F { return "contains a control character" }
        }
        return nil
    }

    /// Whether `id` can be a server id (`serverIdProblem`).
    static func isUsableServerId(_ id: some StringProtocol) -> Bool {
        serverIdProblem(id) == nil
    }

    /// The server id for a generic-format report that names its server but gives no id:
    /// `"gen-"` + the FNV-1a-64 hex of the name trimmed and lower-cased, so "Server-01" and
    /// "server-01 " map to one server and the id cannot be mistaken for a Duplicati machine-id
    /// (32 hex digits).
    static func derivedServerId(name: String) -> String {
        var hash = FNV1a64()
        hash.add(String(ReportText.trimmed(name)).lowercased())
        return "gen-" + hash.hex
    }

    /// The 64-bit Fowler–Noll–Vo 1a hash, fed incrementally.
    struct FNV1a64 {
        /// The running hash, starting at the FNV offset basis.
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        /// Mixes in one byte.
        mutating func add(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }

        /// Mixes in the UTF-8 bytes of `text`.
        mutating func add(_ text: String) {
            for byte in text.utf8 { add(byte) }
        }

        /// The hash as 16 lowercase hex digits.
        var base36: String {
            let digits = String(value, radix: 36)
            return String(repeating: "0", count: 13 - digits.count) + digits
        }

        var hex: String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
    }
}
