/// The version reported by `/api/health` and `--version`.
enum AppVersion {
    /// Bumped by hand at release time; there is no build-time injection yet.
    static let current = "0.1.0"
}
