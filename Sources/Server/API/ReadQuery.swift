import FoundationEssentials
import Hummingbird

/// The query parameters of the read endpoints, each validated with a 400 that names the parameter.
struct ReadQuery {
    /// The request's decoded query parameters.
    let parameters: Parameters

    /// The query of `request`, `+` read as a space (`URI.formParameters`) unless `plusIsLiteral`.
    init(_ request: Request, plusIsLiteral: Bool = false) {
        parameters = plusIsLiteral ? request.uri.queryParameters : request.uri.formParameters
    }

    /// The raw text of `name`, nil when absent; an empty value counts as absent.
    func text(_ name: String) -> String? {
        guard let value = parameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// An integer in `range`, `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = text(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            let bounds =
                range.upperBound == .max
                ? "an integer of at least \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
            throw APIError(
                .validation,
                "Query parameter '\(name)' must be \(bounds), got '\(text.prefix(40))'",
                details: ["parameter": .string(name)]
            )
        }
        return value
    }

    /// `true`/`false` (also `1`/`0`), `false` when absent.
    func flag(_ name: String) throws -> Bool {
        guard let text = text(name)?.lowercased() else { return false }
        switch text {
        case "true", "1": return true
        case "false", "0": return false
        default:
            throw APIError(
                .validation,
                "Query parameter '\(name)' must be true or false, got '\(text.prefix(40))'",
                details: ["parameter": .string(name)]
            )
        }
    }

    /// An ISO 8601 instant as epoch milliseconds, nil when absent.
    func timestamp(_ name: String) throws -> Int64? {
        guard let text = text(name) else { return nil }
        // An offset's `+` sent unencoded arrives as a space (`+` is a space in a query), which an
        // ISO 8601 instant never has before its offset: read it as the `+` it was meant to be.
        let offsetRestored = text.lastIndex(of: " ").map { text[..<$0] + "+" + text[text.index(after: $0)...] }
        guard let parsed = ReportTimestamp.parseISO(text) ?? offsetRestored.flatMap(ReportTimestamp.parseISO) else {
            throw APIError(
                .validation,
                "Query parameter '\(name)' must be an ISO 8601 date such as 2025-01-15T10:30:00Z, got '\(text.prefix(40))'",
                details: ["parameter": .string(name)]
            )
        }
        return parsed.epochMilliseconds
    }

    /// The end of an inclusive range: as `timestamp(_:)`, but a date alone (`yyyy-MM-dd`) names its
    /// whole day, so `to=2026-12-03` keeps that day's runs (its last millisecond, UTC).
    func endTimestamp(_ name: String) throws -> Int64? {
        guard let instant = try timestamp(name), let text = text(name) else { return nil }
        // Called after the text parsed, so ten characters can only be `yyyy-MM-dd`.
        return ReportText.trimmed(text).count == 10 ? instant + ChartBucket.dayMilliseconds - 1 : instant
    }

    /// `page` (1-based, default 1) and `pageSize` (default 50, at most 500), as api.md §1 pages lists.
    func paging() throws -> (page: Int, pageSize: Int) {
        (try integer("page", in: 1...Int.max, default: 1), try integer("pageSize", in: 1...500, default: 50))
    }
}

extension ReadQuery {
    /// The `:serverId` path parameter resolved by id, then by name (see `server(_:in:)`).
    static func server(_ context: AppRequestContext, in backups: BackupStore) throws -> ServerRecord {
        try server(pathParameter("serverId", context), in: backups)
    }

    /// The server `idOrName` names, by id, then by name; 404 when none matches, 400 listing their
    /// ids when several servers share the name, so a request never reads, changes or deletes
    /// another server than the one meant.
    static func server(_ idOrName: String, in backups: BackupStore) throws -> ServerRecord {
        let found = backups.servers(matching: idOrName)
        guard let server = found.first else { throw unknownServer(idOrName) }
        guard found.count == 1 else {
            let ids = found.map(\.id)
            throw APIError(
                .validation,
                "\(found.count) servers are named '\(idOrName.prefix(80))'; use one of their ids: \(ids.joined(separator: ", "))",
                details: ["serverId": .string(idOrName), "ids": .array(ids.map { .string($0) })]
            )
        }
        return server
    }

    /// The 404 for an id or name that matches no server.
    static func unknownServer(_ idOrName: String) -> APIError {
        APIError(.notFound, "Server '\(idOrName.prefix(80))' not found", details: ["serverId": .string(idOrName)])
    }

    /// A path parameter, percent-decoded: Hummingbird's router hands it over as sent, and names
    /// with spaces or non-ASCII letters arrive encoded. Text that is not valid encoding is kept as is.
    static func pathParameter(_ name: String, _ context: AppRequestContext) -> String {
        let raw = context.parameters.get(name) ?? ""
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        // Foundation's URL parser decodes `%XX`; it refuses malformed escapes, and a decoded path
        // that is not UTF-8 comes back without them decoded, so either way the text is kept as sent.
        guard let path = URLComponents(string: "/" + raw)?.path, path.hasPrefix("/") else { return raw }
        return String(path.dropFirst())
    }
}
