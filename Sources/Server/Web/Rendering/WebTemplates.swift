import Hummingbird

/// The page templates, compiled once from the files embedded in the binary.
struct WebTemplates: Sendable {
    /// Every template by name; pages extend `layout`.
    let library: [String: PageTemplate]

    /// The embedded templates by name (the file name without `.mustache`).
    static let sources: [String: [UInt8]] = [
        "layout": PackageResources.layout_mustache,
        "dashboard": PackageResources.dashboard_mustache,
        "dashboard_card": PackageResources.dashboard_card_mustache,
        "dashboard_row": PackageResources.dashboard_row_mustache,
        "server": PackageResources.server_mustache,
        "run": PackageResources.run_mustache,
        "settings": PackageResources.settings_mustache,
        "notfound": PackageResources.notfound_mustache,
        "login": PackageResources.login_mustache,
    ]

    /// Parses every embedded template; a template that does not parse is a build defect, so it stops start-up.
    init() throws {
        library = try Self.sources.mapValues { try PageTemplate(String(decoding: $0, as: UTF8.self)) }
    }

    /// The page `name` rendered with `model` as an HTML response.
    func page(_ name: String, _ model: Any, status: HTTPResponse.Status = .ok) -> Response {
        response(html: render(name, model), status: status)
    }

    /// The page `name` rendered with `model`.
    func render(_ name: String, _ model: Any) -> String {
        library[name]?.render(model, library: library) ?? ""
    }

    /// An HTML response with `html`.
    func response(html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        // Pages show live state; the browser must ask again rather than show an old dashboard.
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
