/// The dashboard `/`: summary tiles, one card per server, the job table and the side panel.
struct DashboardPage: Sendable {
    var chrome: PageChrome
    /// The summary tiles.
    var tiles: [PageTile]
    /// One card per server, by name (empty in the table view).
    var cards: [DashboardCard] = []
    /// One row per job, or per server without one (empty in the cards view).
    var rows: [DashboardRow] = []
    /// The side panel.
    var panel: DashboardPanel
    /// The chosen view's cards or rows as HTML, rendered piece by piece (`FragmentCache`).
    var cardsHTML = ""
    var rowsHTML = ""
    /// Whether no server has reported yet: the page explains how to point Duplicati here.
    var isEmpty: Bool
    /// The upload URL as this browser reached the server, for the empty state's options.
    var uploadURL: String
    /// Groups of servers that look like one machine seen under two ids.
    var duplicates: [DuplicateHint]
    /// `cards` or `table`, from `?view=`.
    private(set) var view = "cards"
    /// The filter text, from `?q=`; matching is done by the page script, and here without it.
    var query = ""
    /// Whether the filter left nothing to show; the page says so rather than showing a blank.
    private(set) var noMatches = false
    /// Whether the cards view is shown (templates see stored properties only).
    private(set) var isCards = true
    /// Whether the table view is shown.
    private(set) var isTable = false
    /// The links that switch the view, keeping the filter.
    private(set) var cardsLink = "?view=cards"
    private(set) var tableLink = "?view=table"

    /// Builds the page from the overview at `now` and the duplicate groups, with the models of
    /// the table view's rows or of the cards view's cards (whose status strips come from `strips`).
    init(
        overview: FleetOverview,
        duplicates: [(name: String, servers: [BackupStore.DuplicateServer])],
        uploadURL: String,
        now: Int64,
        table: Bool,
        strips: FragmentCache<[JobState.RecentRun]>
    ) {
        chrome = PageChrome(title: "duplistatus", section: "dashboard", refreshSeconds: 60)
        tiles = Self.tiles(overview.summary, now: now)
        view = table ? "table" : "cards"
        isTable = table
        isCards = !table
        // A server whose runs were all deleted still has a card and a row (the Servers tile counts
        // it), so it can be reached, edited or deleted from here.
        if table {
            rows = overview.servers.flatMap { entry in
                entry.jobs.isEmpty
                    ? [DashboardRow(server: entry.server)]
                    : entry.jobs.map { DashboardRow(server: entry.server, job: $0, now: now) }
            }
        } else {
            cards = overview.servers.map { DashboardCard($0, now: now, strips: strips) }
        }
        panel = DashboardPanel(overview, now: now)
        // The getting-started view is for a fleet with no server at all; servers whose runs were
        // all deleted still show as cards.
        isEmpty = overview.servers.isEmpty
        self.uploadURL = uploadURL
        self.duplicates = duplicates.map(DuplicateHint.init)
    }

    /// Servers, jobs, runs, sizes, overdue count and the time since the last backup.
    private static func tiles(_ summary: FleetSummary, now: Int64) -> [PageTile] {
        [
            PageTile(label: "Servers", value: DisplayFormat.count(Int64(summary.servers))),
            PageTile(label: "Backup jobs", value: DisplayFormat.count(Int64(summary.jobs))),
            PageTile(label: "Backup runs", value: DisplayFormat.count(Int64(summary.runs))),
            PageTile(label: "Backup size", value: DisplayFormat.bytes(summary.backupSize)),
            PageTile(label: "Storage used", value: DisplayFormat.bytes(summary.storageUsed)),
            PageTile(label: "Uploaded", value: DisplayFormat.bytes(summary.uploadedSize)),
            PageTile(label: "Overdue", value: "\(summary.overdue)", tone: summary.overdue > 0 ? "err" : ""),
            PageTile(
                label: "Last backup",
                value: summary.lastBackupEnd.map { DisplayFormat.shortAge($0, now: now) + " ago" } ?? "never"
            ),
        ]
    }
}

/// A hint that servers sharing a name may be one machine, linking to where they can be merged.
struct DuplicateHint: Sendable {
    /// The shared name.
    var name: String
    /// The ids, newest first.
    var ids: String
    /// The newest server's page, whose merge form takes the others.
    var mergeLink: String

    /// The hint for one duplicate group.
    init(_ group: (name: String, servers: [BackupStore.DuplicateServer])) {
        name = group.name
        ids = group.servers.map(\.server.id).joined(separator: ", ")
        mergeLink = (group.servers.first.map { PageRoute.serverLink($0.server.id) } ?? PageRoute.dashboardLink) + "#merge"
    }
}

extension DashboardPage {
    /// Keeps the cards and rows matching every word of `query`, as the page script does live,
    /// so the filter works without JavaScript too.
    mutating func filter(_ query: String) {
        self.query = query
        if !query.isEmpty {
            cardsLink += "&q=" + PageLink.query(query)
            tableLink += "&q=" + PageLink.query(query)
        }
        let words = query.lowercased().split(whereSeparator: \.isWhitespace)
        guard !words.isEmpty else { return }
        cards = cards.filter { card in words.allSatisfy { card.searchText.contains($0) } }
        rows = rows.filter { row in words.allSatisfy { row.searchText.contains($0) } }
        noMatches = cards.isEmpty && rows.isEmpty
    }
}
