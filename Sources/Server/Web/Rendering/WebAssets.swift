import Crypto

/// The stylesheet, script and icon, served from the binary.
///
/// Browsers keep them for a day, so each link carries a version taken from the asset's bytes
/// (`?v=…`): a new binary with a changed script is fetched at once, never run stale against the
/// new pages.
enum WebAssets {
    /// One asset as served.
    struct Asset: Sendable {
        /// Its `Content-Type`.
        var type: String
        /// Its bytes.
        var bytes: [UInt8]
        /// The first 12 hex digits of its SHA-256.
        var version: String

        init(type: String, bytes: [UInt8]) {
            self.type = type
            self.bytes = bytes
            version = String(SHA256.hash(data: bytes).lowercaseHex.prefix(12))
        }
    }

    /// The stylesheet's file name.
    static let stylesheet = "app.css"
    /// The script's file name.
    static let script = "app.js"
    /// The icon's file name.
    static let icon = "favicon.svg"

    /// Every asset by file name.
    static let files: [String: Asset] = [
        stylesheet: Asset(type: "text/css; charset=utf-8", bytes: PackageResources.app_css),
        // The page script is kept in two sources under ~400 lines each, the basics and the forms,
        // served as one file so a page still loads one script.
        script: Asset(type: "text/javascript; charset=utf-8", bytes: PackageResources.app_js + PackageResources.forms_js),
        icon: Asset(type: "image/svg+xml", bytes: PackageResources.favicon_svg),
    ]

    /// The link to asset `name`, with its version.
    static func link(_ name: String) -> String {
        PageRoute.assetLink(name) + (files[name].map { "?v=" + $0.version } ?? "")
    }
}
