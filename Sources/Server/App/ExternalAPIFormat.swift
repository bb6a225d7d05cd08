import ArgumentParser

/// How `/api/summary`, `/api/lastbackup/:serverId` and `/api/lastbackups/:serverId` answer.
enum ExternalAPIFormat: String, Sendable, CaseIterable, ExpressibleByArgument {
    /// This API's envelope (`{"success": true, "data": …}`), the default.
    case envelope
    /// Exactly what the Node duplistatus answers (bare JSON, its keys and order), so Homepage
    /// widgets and scripts written for it keep working (`docs/compat-duplistatus.md`).
    case duplistatus
}
