/// The head of a server page: names, note, Duplicati address and the API links its actions use.
struct ServerHeader: Sendable {
    var id: String
    var displayName: String
    var name: String
    var alias: String
    var note: String
    var serverUrl: String
    /// Whether the URL may be shown as a link (http or https only).
    var urlIsLink: Bool
    var updateAPI: String
    var deleteAPI: String
    /// Where this server's history is collected from its Duplicati (Settings → Servers).
    var collectLink: String
    /// Whether a URL and a password are stored, so "Collect now" can run without asking for them.
    var canCollect: Bool
    /// The collect request's path.
    var collectAPI: String
    /// The collect request's body, naming this server.
    var collectBody: String
    var mergeAPI: String
    /// Other servers with the same name, offered for merging into this one.
    var mergeCandidates: [Candidate]

    /// A server that may be merged into this one.
    struct Candidate: Sendable {
        var id: String
        var name: String
        /// How many runs it has, in words ("1 run").
        var runs: String
        /// Whether it ends the list (the template separates the others with commas).
        var isLast: Bool
    }

    /// The header of `server`, with `duplicates` of its name; `hasPassword`: a Duplicati password is stored.
    init(_ server: ServerRecord, duplicates: [BackupStore.DuplicateServer], hasPassword: Bool) {
        id = server.id
        displayName = server.alias.isEmpty ? server.name : server.alias
        name = server.name
        alias = server.alias
        note = server.note
        serverUrl = server.serverUrl
        let lowered = server.serverUrl.lowercased()
        urlIsLink = lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
        updateAPI = PageRoute.apiLink(.updateServerPatch, ["serverId": server.id])
        deleteAPI = PageRoute.apiLink(.deleteServer, ["serverId": server.id])
        collectLink = PageRoute.settingsLink(section: "servers")
        canCollect = hasPassword && !server.serverUrl.isEmpty
        collectAPI = PageRoute.apiLink(.collect)
        collectBody = Self.jsonObject(["serverId": server.id])
        mergeAPI = PageRoute.apiLink(.mergeServers)
        hasAlias = !server.alias.isEmpty
        hasNote = !server.note.isEmpty
        hasUrl = !server.serverUrl.isEmpty
        let others = duplicates.filter { $0.server.id != server.id }
        let candidates = others.enumerated().map { offset, other in
            Candidate(
                id: other.server.id,
                name: other.server.name,
                runs: DisplayFormat.counted(Int64(other.runCount), "run"),
                isLast: offset == others.count - 1
            )
        }
        mergeCandidates = candidates
        hasMergeCandidates = !candidates.isEmpty
        let sources = candidates.map { "\"" + Self.jsonEscape($0.id) + "\"" }.joined(separator: ",")
        mergeBody = "{\"targetId\":\"" + Self.jsonEscape(server.id) + "\",\"sourceIds\":[" + sources + "]}"
    }

    /// Whether there is anything to merge.
    var hasMergeCandidates: Bool
    /// The merge request with every candidate, for the button's body.
    var mergeBody: String
    /// Whether an alias, a note and a URL are set (templates treat any string as true).
    var hasAlias: Bool
    var hasNote: Bool
    var hasUrl: Bool

    /// A flat JSON object of strings, for a button's request body.
    static func jsonObject(_ fields: [String: String]) -> String {
        let members = fields.sorted { $0.key < $1.key }.map { "\"" + jsonEscape($0.key) + "\":\"" + jsonEscape($0.value) + "\"" }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// Escapes a string for a JSON string literal.
    static func jsonEscape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
