/// What the upload URL says about where a report comes from
/// (`/api/upload?serverName=office-nas&serverId=…&backupName=Photos`), for reports that do not say it
/// themselves: Duplicati before 2.0.8 sends no machine identity, and some 2.0.7 installs not even the
/// job's name. A report's own `machine-id`, `machine-name` and `backup-name` always win, so a URL
/// copied to an upgraded install changes nothing.
package struct UploadNaming: Sendable, Equatable {
    /// The machine's name (its id is derived from it when `serverId` is not given).
    package var serverName: String?
    /// The machine's id.
    package var serverId: String?
    /// The job's name.
    package var backupName: String?
    /// The host the report was sent to (`nas:9666`), for hints.
    package var host: String?
    /// The path the report was sent to (`/api/upload`), for hints.
    package var path: String?

    /// Nothing named: the report must carry its own identity.
    package static let none = UploadNaming()

    /// Names from the URL; blank values count as absent.
    package init(serverName: String? = nil, serverId: String? = nil, backupName: String? = nil, host: String? = nil, path: String? = nil) {
        func given(_ text: String?) -> String? { ReportText.nonBlank(text).map { String(ReportText.trimmed($0)) } }
        self.serverName = given(serverName)
        self.serverId = given(serverId)
        self.backupName = given(backupName)
        self.host = host
        self.path = path
    }

    /// The URL the report was sent to, without its query (`http://nas:9666/api/upload`). Put
    /// together only for a hint: every upload is named, and few need one.
    var endpoint: String? {
        host.map { "http://\($0)\(path ?? "")" }
    }

    /// The `--send-http-url` that would name this report's machine and job, for a 400's hint.
    func suggestedURL(jobName: String?) -> String {
        let base = endpoint ?? "http://<this server>:9666/api/upload"
        return "--send-http-url=\(base)?serverName=<a name for this machine>&backupName=\(jobName ?? "<the job's name>")"
    }
}
