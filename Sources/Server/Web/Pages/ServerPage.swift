/// A server's page: header and actions, job selector, tiles, overdue banner, charts and history.
struct ServerPage: Sendable {
    var chrome: PageChrome
    var header: ServerHeader
    /// "All jobs" and each job, the selected one marked.
    var jobs: [Choice]
    /// The selected job, when one is.
    var selectedJob: String?
    /// The query's other choices (range, style, page size), which picking a job keeps.
    var kept: [ServerPageQuery.Parameter]
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
///
/// What the query leaves out comes from the display settings stored on the server, so every
/// browser opens a server page with the range, style and page size chosen in Settings → Display.
struct ServerPageQuery: Sendable {
    var job: String?
    var span: ChartSpan
    var bars: Bool
    var page = 1
    var pageSize: Int
    /// The display settings' choices, which links leave out.
    private let defaults: (span: ChartSpan, bars: Bool, pageSize: Int)

    /// Reads `?job=&range=&style=&page=&size=`; anything missing or unknown falls back to `display`.
    init(_ parameters: [String: String], display: DisplayConfiguration) {
        defaults = (
            ChartSpan(setting: display.chartRange) ?? .month, display.chartStyle == "bar", Self.clamp(display.pageSize)
        )
        job = parameters["job"].flatMap { $0.isEmpty ? nil : $0 }
        span = parameters["range"].flatMap(ChartSpan.init(rawValue:)) ?? defaults.span
        bars = parameters["style"].flatMap { ["bar": true, "line": false][$0] } ?? defaults.bars
        page = max(1, parameters["page"].flatMap { Int($0) } ?? 1)
        pageSize = Self.clamp(parameters["size"].flatMap { Int($0) } ?? defaults.pageSize)
    }

    /// A query parameter and its value.
    struct Parameter: Sendable {
        var name: String
        var value: String
    }

    /// The chart range and style and the page size, where they differ from the display settings:
    /// what the job selector's form sends beside the job.
    var chartAndPaging: [Parameter] {
        parameters(job: nil, span: span, bars: bars, page: 1, size: pageSize)
    }

    /// The page's link with some of the query changed.
    func link(serverId: String, job: String?? = nil, span: ChartSpan? = nil, bars: Bool? = nil, page: Int? = nil, size: Int? = nil) -> String {
        let items = parameters(
            job: job ?? self.job,
            span: span ?? self.span,
            bars: bars ?? self.bars,
            page: page ?? self.page,
            size: size ?? pageSize
        )
        let query = items.map { $0.name + "=" + PageLink.query($0.value) }.joined(separator: "&")
        return PageRoute.serverLink(serverId) + (query.isEmpty ? "" : "?" + query)
    }

    /// The query parameters of these choices, each left out where it is the default.
    private func parameters(job: String?, span: ChartSpan, bars: Bool, page: Int, size: Int) -> [Parameter] {
        var items: [Parameter] = []
        if let job { items.append(Parameter(name: "job", value: job)) }
        if span != defaults.span { items.append(Parameter(name: "range", value: span.rawValue)) }
        if bars != defaults.bars { items.append(Parameter(name: "style", value: bars ? "bar" : "line")) }
        if page != 1 { items.append(Parameter(name: "page", value: String(page))) }
        if size != defaults.pageSize { items.append(Parameter(name: "size", value: String(size))) }
        return items
    }

    /// A history page holds 5 to 50 runs.
    private static func clamp(_ size: Int) -> Int { min(50, max(5, size)) }
}
