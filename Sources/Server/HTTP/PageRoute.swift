import Hummingbird

/// Every web page and asset, beside `APIRoute`: pages register and build their links only
/// through this table, so a link cannot point at a page that does not exist.
enum PageRoute: CaseIterable, Sendable {
    case dashboard
    case server
    case run
    case settings
    case login
    case asset

    /// The path pattern; `:name` marks a parameter.
    var path: String {
        switch self {
        case .dashboard: "/"
        case .server: "/servers/:serverId"
        case .run: "/servers/:serverId/runs/:runId"
        case .settings: "/settings"
        case .login: "/login"
        case .asset: "/assets/:file"
        }
    }

    /// The methods the page answers (HEAD beside every GET, as the router adds it).
    var methods: [HTTPRequest.Method] {
        self == .login ? [.get, .head, .post] : [.get, .head]
    }

    /// The methods answered at a request path; empty when no page lives there.
    static func allowedMethods(atRequestPath requestPath: String) -> [HTTPRequest.Method] {
        let path = PathSegments(requestPath)
        return patterns.first { $0.pattern.matches(path) }?.route.methods ?? []
    }

    /// Every page's path split into its segments, once.
    private static let patterns = allCases.map { (route: $0, pattern: PathPattern($0.path)) }

    /// The link to the dashboard.
    static var dashboardLink: String { "/" }

    /// The link to a server's page, optionally narrowed to one job.
    static func serverLink(_ serverId: String, backupName: String? = nil) -> String {
        let base = "/servers/" + PageLink.segment(serverId)
        guard let backupName else { return base }
        return base + "?job=" + PageLink.query(backupName)
    }

    /// The link to one run's page.
    static func runLink(serverId: String, runId: String) -> String {
        "/servers/" + PageLink.segment(serverId) + "/runs/" + PageLink.segment(runId)
    }

    /// The link to a settings section.
    static func settingsLink(section: String? = nil) -> String {
        section.map { "/settings#" + $0 } ?? "/settings"
    }

    /// The sign-in page, returning to `next` (a path on this server) afterwards.
    static func loginLink(next: String? = nil) -> String {
        next.map { "/login?next=" + PageLink.query($0) } ?? "/login"
    }

    /// Whether the page needs the admin signed in, when an admin password is set.
    var needsSignIn: Bool {
        switch self {
        case .login, .asset: false
        default: true
        }
    }

    /// The link to an embedded asset.
    static func assetLink(_ file: String) -> String { "/assets/" + file }

    /// The link to an API route with its parameters filled in, under the first prefix.
    static func apiLink(_ route: APIRoute, _ parameters: [String: String] = [:]) -> String {
        let segments = route.path.split(separator: "/").map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            return PageLink.segment(parameters[String(segment.dropFirst())] ?? "")
        }
        return "/" + APIRoute.prefixes[0] + "/" + segments.joined(separator: "/")
    }
}

/// Percent-encoding for the parts of a URL: the pages' links and the requests of the clients
/// (ntfy topics, `import --url` queries).
enum PageLink {
    /// Encodes everything but unreserved characters, for one path segment.
    static func segment(_ text: String) -> String { encode(text) }

    /// Encodes a query value.
    static func query(_ text: String) -> String { encode(text) }

    /// RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`) stay, every other byte becomes `%XX`.
    private static func encode(_ text: String) -> String {
        // Most ids and job names need nothing; the dashboard encodes three links per job.
        if text.utf8.allSatisfy(isUnreserved) { return text }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `byte` is an RFC 3986 unreserved character.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
