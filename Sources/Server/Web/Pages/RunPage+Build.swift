import Hummingbird

extension PagesController {
    /// Lines per level a page shows; the same cap as the API's default.
    static let logLineCap = BackupsController.defaultMaxLines

    /// `/servers/:serverId/runs/:runId`: one run; 404 when the run is unknown or not the server's.
    func runPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let serverParameter = context.parameters.get("serverId") ?? ""
        let runId = context.parameters.get("runId") ?? ""
        let wanted = Self.parameters(request)["log"]
        // The logs are read only when the page is asked to show a list; otherwise the script fetches them.
        let found = try wanted == nil ? backups.run(runId) : backups.runWithLogs(runId)
        guard let run = found, let server = backups.server(serverParameter), server.id == run.serverId else {
            return notFound(request, reason: "There is no run “\(runId.prefix(80))” of this server.")
        }
        let now = clock.now()
        let serverName = server.alias.isEmpty ? server.name : server.alias
        var page = RunPage(
            chrome: PageChrome(title: "\(run.backupName) · \(serverName) · duplistatus", section: ""),
            serverName: serverName,
            serverLink: PageRoute.serverLink(server.id),
            backupName: run.backupName,
            jobLink: PageRoute.serverLink(server.id, backupName: run.backupName),
            status: StatusBadge(run.status),
            begin: PageTime(run.beginTime, now: now),
            end: PageTime(run.endTime, now: now),
            duration: DisplayFormat.duration(run.durationSeconds),
            duplicatiVersion: run.duplicatiVersion ?? "not reported",
            groups: Self.figureGroups(run),
            versions: run.availableVersions.enumerated().map { RunPage.VersionRow(number: $0.offset, time: PageTime($0.element, now: now)) },
            hasVersions: !run.availableVersions.isEmpty,
            logs: Self.logSections(run, show: wanted, serverId: server.id),
            exception: run.exception.flatMap { $0.isEmpty ? nil : $0 },
            deleteAPI: PageRoute.apiLink(.deleteBackup, ["backupId": run.id])
        )
        page.chrome.use(displaySettings(), signsIn: gate.requiresSignIn)
        return templates.page("run", page)
    }

    /// Says why a list is shorter than what Duplicati counted; the page script writes the same words.
    static func truncationNote(reported: Int64, shown: Int) -> String {
        "Duplicati reported \(reported) lines; \(shown) are shown. Duplicati sends at most send-http-max-log-lines lines, "
            + "and pages show at most \(logLineCap)."
    }

    /// The errors, warnings and messages sections; the lines of `show` are filled in.
    private static func logSections(_ run: ParsedRun, show: String?, serverId: String) -> [RunPage.LogSection] {
        let levels: [(String, String, [String], Int64)] = [
            ("errors", "Errors", run.logs.errors, run.errors),
            ("warnings", "Warnings", run.logs.warnings, run.warnings),
            ("messages", "Messages", run.logs.messages, run.messages),
        ]
        let view = RunLogsView(run, maxLines: logLineCap)
        let truncated = [view.truncated.errors, view.truncated.warnings, view.truncated.messages]
        let source = PageRoute.apiLink(.backup, ["backupId": run.id]) + "?maxLines=\(logLineCap)"
        return levels.enumerated().map { index, level in
            let (key, title, lines, reported) = level
            let isOpen = show == key
            return RunPage.LogSection(
                level: key,
                title: title,
                reported: reported,
                truncationNote: isOpen && truncated[index] ? truncationNote(reported: reported, shown: min(lines.count, logLineCap)) : nil,
                source: source,
                fallbackLink: PageRoute.runLink(serverId: serverId, runId: run.id) + "?log=" + key + "#log-" + key,
                lines: isOpen ? Array(lines.prefix(logLineCap)) : [],
                isOpen: isOpen
            )
        }
    }
}
