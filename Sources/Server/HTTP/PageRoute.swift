import Hummingbird

/// Every web page and asset, beside `APIRoute`: pages register and build their links only
/// through this table, so a link cannot point at a page that does not exist.
enum PageRoute: CaseIterable, Sendable {
    case dashboard
    case server
    case run
    case settings
    case asset

    /// The path pattern; `:name` marks a parameter.
    var path: String {
        switch self {
        case .dashboard: "/"
        case .server: "/servers/:serverId"
        case .run: "/servers/:serverId/runs/:runId"
        case .settings: "/settings"
        case .asset: "/assets/:file"
        }
    }

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

/// Percent-encoding for the parts of a link.
enum PageLink {
    /// Encodes everything but unreserved characters, for one path segment.
    static func segment(_ text: String) -> String { encode(text, keeping: "-._~") }

    /// Encodes a query value.
    static func query(_ text: String) -> String { encode(text, keeping: "-._~") }

    /// RFC 3986 unreserved characters stay, every other byte becomes `%XX`.
    private static func encode(_ text: String, keeping extra: String) -> String {
        var result = ""
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if (byte < 0x80 && (scalar.properties.isAlphabetic || ("0"..."9").contains(Character(scalar))))
                || extra.unicodeScalars.contains(scalar)
            {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}
