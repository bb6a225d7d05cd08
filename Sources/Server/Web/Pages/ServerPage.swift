/// A server's page: header and actions, job selector, tiles, overdue banner, charts and history.
struct ServerPage: Sendable {
    var chrome: PageChrome
    var header: ServerHeader
    /// "All jobs" and each job, the selected one marked.
    var jobs: [Choice]
    /// The selected job, when one is.
    var selectedJob: String?
    var tiles: [PageTile]
    /// Overdue jobs of the selection.
    var overdue: [Overdue]
    var charts: [SVGChart]
    /// The chart ranges and styles as links.
    var spans: [Choice]
    var styles: [Choice]
    var history: RunHistorySection
    /// Whether any job of the selection is overdue.
    var hasOverdue: Bool

    /// A link that selects something, marked when current.
    struct Choice: Sendable {
        var label: String
        var link: String
        var current: Bool
        /// The value a `<select>` option submits.
        var value: String = ""
    }

    /// An overdue job with when its run was expected.
    struct Overdue: Sendable {
        var backupName: String
        var expected: PageTime
        var settingsLink: String
    }
}

/// What the server page's query asks for: job, chart range and style, history page and size.
struct ServerPageQuery: Sendable {
    var job: String?
    var span = ChartSpan.month
    var bars = false
    var page = 1
    var pageSize = 10

    /// Reads `?job=&range=&style=&page=&size=`; anything unknown falls back to the default.
    init(_ parameters: [String: String]) {
        job = parameters["job"].flatMap { $0.isEmpty ? nil : $0 }
        span = parameters["range"].flatMap(ChartSpan.init(rawValue:)) ?? .month
        bars = parameters["style"] == "bar"
        page = max(1, parameters["page"].flatMap { Int($0) } ?? 1)
        pageSize = min(50, max(5, parameters["size"].flatMap { Int($0) } ?? 10))
    }

    /// The page's link with some of the query changed.
    func link(serverId: String, job: String?? = nil, span: ChartSpan? = nil, bars: Bool? = nil, page: Int? = nil, size: Int? = nil) -> String {
        var items: [(String, String)] = []
        if let job = job ?? self.job { items.append(("job", job)) }
        let span = span ?? self.span
        if span != .month { items.append(("range", span.rawValue)) }
        if bars ?? self.bars { items.append(("style", "bar")) }
        let page = page ?? self.page
        if page != 1 { items.append(("page", String(page))) }
        let size = size ?? pageSize
        if size != 10 { items.append(("size", String(size))) }
        let query = items.map { $0.0 + "=" + PageLink.query($0.1) }.joined(separator: "&")
        return PageRoute.serverLink(serverId) + (query.isEmpty ? "" : "?" + query)
    }
}
