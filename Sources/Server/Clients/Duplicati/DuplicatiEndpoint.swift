import FoundationEssentials

/// Where a Duplicati server listens: scheme, host and port, as `http(s)://host:port`.
struct DuplicatiEndpoint: Sendable, Equatable {
    /// `http` or `https`.
    enum Scheme: String, Sendable, CaseIterable {
        case https
        case http
    }

    var scheme: Scheme
    var host: String
    var port: Int

    /// `scheme://host:port`, IPv6 literals in brackets; always with the port and no trailing slash.
    var url: String {
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme.rawValue)://\(bracketed):\(port)"
    }

    /// An endpoint from a stored server URL (`http://host:8200`), the port defaulting by scheme;
    /// nil for any other scheme or a URL without a host.
    init?(url text: String) {
        guard let url = URL(string: text), let scheme = url.scheme.flatMap({ Scheme(rawValue: $0.lowercased()) }),
            var host = url.host, !host.isEmpty
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let port = url.port ?? (scheme == .https ? 443 : 80)
        guard (1...65535).contains(port) else { return nil }
        self.init(scheme: scheme, host: host, port: port)
    }

    /// The endpoint `scheme://host:port`.
    init(scheme: Scheme, host: String, port: Int) {
        self.scheme = scheme
        self.host = host
        self.port = port
    }
}
