import Hummingbird

extension PagesController {
    /// `/servers/:serverId`: everything about one server, narrowed to a job by `?job=`.
    func serverPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let idOrName = context.parameters.get("serverId") ?? ""
        let matching = backups.servers(matching: idOrName)
        guard matching.count == 1, let server = matching.first else {
            if matching.count > 1 { return serverChoice(name: idOrName, servers: matching) }
            return notFound(request, reason: "No server has the id or name “\(idOrName.prefix(80))”.")
        }
        let now = clock.now()
        let display = displaySettings()
        var query = ServerPageQuery(Self.parameters(request), display: display)
        let allJobs = try backups.jobs(serverId: server.id, now: now)
        let selected = query.job.flatMap { name in allJobs.first { $0.backupName == name } }
        let jobs = selected.map { [$0] } ?? allJobs
        let statistics = try selected.map(backups.jobStatistics) ?? backups.serverStatistics(serverId: server.id, jobs: allJobs)
        let points = try backups.chartPoints(
            serverId: server.id,
            backupName: selected?.backupName,
            range: query.span.range(now: now),
            bucket: query.span.bucket,
            carryingStates: true
        )
        let thinned = ChartThinning.thin(points)
        let historyPage = { (query: ServerPageQuery) in
            try self.backups.runHistory(
                serverId: server.id,
                filter: RunHistoryFilter(backupName: selected?.backupName),
                offset: (query.page - 1) * query.pageSize,
                limit: query.pageSize
            )
        }
        var found = try historyPage(query)
        // A page past the end (runs were deleted, or an old link) shows the last page instead.
        if found.ids.isEmpty, found.total > 0, query.page > 1 {
            query.page = (found.total + query.pageSize - 1) / query.pageSize
            found = try historyPage(query)
        }
        let duplicates = try backups.duplicateServerGroups().first { group in group.servers.contains { $0.server.id == server.id } }
        let header = ServerHeader(server, duplicates: duplicates?.servers ?? [], hasPassword: backups.sealedPassword(ofServer: server.id) != nil)
        var page = ServerPage(
            chrome: PageChrome(title: header.displayName + " · duplistatus", section: "", refreshSeconds: 60),
            header: header,
            jobs: [ServerPage.Choice(label: "All jobs", link: query.link(serverId: server.id, job: .some(nil), page: 1), current: selected == nil)]
                + allJobs.map { job in
                    ServerPage.Choice(
                        label: job.backupName,
                        link: query.link(serverId: server.id, job: job.backupName, page: 1),
                        current: job.backupName == selected?.backupName,
                        value: job.backupName
                    )
                },
            selectedJob: selected?.backupName,
            kept: query.chartAndPaging,
            tiles: Self.tiles(statistics, jobs: jobs),
            overdue: jobs.filter(\.verdict.isOverdue).map { job in
                ServerPage.Overdue(
                    backupName: job.backupName,
                    expected: PageTime(job.verdict.expectedAt, now: now),
                    settingsLink: PageRoute.settingsLink(section: "monitoring")
                )
            },
            charts: ChartMetric.allCases.map { SVGChart($0, points: thinned, bars: query.bars) },
            spans: ChartSpan.allCases.map { span in
                ServerPage.Choice(label: span.label, link: query.link(serverId: server.id, span: span), current: span == query.span)
            },
            styles: [false, true].map { bars in
                ServerPage.Choice(label: bars ? "Bars" : "Line", link: query.link(serverId: server.id, bars: bars), current: bars == query.bars)
            },
            history: try history(found, query: query, server: server, selected: selected, now: now),
            hasOverdue: jobs.contains(where: \.verdict.isOverdue)
        )
        page.chrome.use(display, signsIn: gate.requiresSignIn)
        return templates.page("server", page)
    }

    /// The history section of one page of runs.
    private func history(
        _ found: (total: Int, ids: [String]),
        query: ServerPageQuery,
        server: ServerRecord,
        selected: JobState?,
        now: Int64
    ) throws -> RunHistorySection {
        let pages = max(1, (found.total + query.pageSize - 1) / query.pageSize)
        let rows = RunHistorySection.rows(try backups.runs(found.ids), now: now)
        return RunHistorySection(
            rows: rows,
            total: found.total,
            page: query.page,
            pages: pages,
            previousLink: query.page > 1 ? query.link(serverId: server.id, page: query.page - 1) : nil,
            nextLink: query.page < pages ? query.link(serverId: server.id, page: query.page + 1) : nil,
            sizes: [5, 10, 20, 50].map { size in
                ServerPage.Choice(label: String(size), link: query.link(serverId: server.id, page: 1, size: size), current: size == query.pageSize)
            },
            deleteJob: selected.map { job in
                RunHistorySection.DeleteJob(
                    api: PageRoute.apiLink(.deleteJob),
                    body: ServerHeader.jsonObject(["serverId": server.id, "backupName": job.backupName]),
                    name: job.backupName
                )
            },
            isEmpty: rows.isEmpty
        )
    }

    /// The statistics tiles of the selection.
    private static func tiles(_ statistics: ServerStatistics, jobs: [JobState]) -> [PageTile] {
        [
            PageTile(label: "Backup jobs", value: DisplayFormat.count(Int64(jobs.count))),
            PageTile(label: "Backup runs", value: DisplayFormat.count(Int64(statistics.runs.total))),
            PageTile(label: "Available versions", value: DisplayFormat.count(statistics.availableVersions)),
            PageTile(label: "Avg. duration", value: DisplayFormat.duration(statistics.averageDurationSeconds)),
            PageTile(label: "Last backup size", value: DisplayFormat.bytes(statistics.lastBackupSize)),
            PageTile(label: "Storage used", value: DisplayFormat.bytes(statistics.totalStorageUsed)),
            PageTile(label: "Uploaded", value: DisplayFormat.bytes(statistics.totalUploadedSize)),
            // No runs is no rate, not a rate of nought.
            PageTile(
                label: "Success rate",
                value: statistics.runs.total == 0 ? "—" : DisplayFormat.fixed(statistics.runs.successPercent, decimals: 1) + " %"
            ),
        ]
    }

    /// The query parameters of `request`, the last value of each name.
    static func parameters(_ request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in request.uri.formParameters { result[String(name)] = String(value) }
        return result
    }
}
