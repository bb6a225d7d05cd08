/// One page of a server's run history (`GET /api/servers/:serverId/backups`).
struct RunHistoryPageView: Encodable, Sendable {
    /// Runs matching the filters, on every page.
    var total: Int
    var page: Int
    var pageSize: Int
    /// This page's runs, newest first.
    var items: [BackupRunView]
}
