import Hummingbird

/// The web pages: each handler reads through the same domain functions as the API, builds the
/// page's model and renders its template.
struct PagesController: Sendable {
    /// The domain store the pages read.
    let backups: BackupStore
    /// Where "now" comes from, as for the API.
    let clock: any WallClock
    /// The compiled templates.
    let templates: WebTemplates
    /// The access rules: which pages need sign-in, and the sign-in itself.
    let gate: AccessGate
    /// What notification delivery did, for the settings page.
    let deliveries: DeliveryRecord
    /// The dashboards rendered last.
    let dashboards = RenderedPageCache()
    /// Each server's card and each job's row as rendered last.
    let cardPieces = FragmentCache<DashboardCard>()
    let rowPieces = FragmentCache<DashboardRow>()
    /// Each job's status strip as drawn last.
    let strips = FragmentCache<[JobState.RecentRun]>()

    /// Registers every page of `PageRoute` on `router`.
    func addRoutes(to router: Router<AppRequestContext>) {
        for route in PageRoute.allCases {
            router.get(RouterPath(route.path)) { request, context in
                if route.needsSignIn, case .denied = context.access { return signInFirst(request) }
                return switch route {
                case .dashboard: try dashboard(request, context: context)
                case .server: try serverPage(request, context: context)
                case .run: try runPage(request, context: context)
                case .settings: try settingsPage(request, context: context)
                case .login: loginPage(request, context: context)
                case .asset: asset(request, context: context)
                }
            }
        }
        router.post(RouterPath(PageRoute.login.path)) { request, context in try await signIn(request, context: context) }
    }

    /// `/`: the fleet at a glance; rendered again only when the store, the minute or the request's
    /// view, filter or host changed.
    func dashboard(_ request: Request, context: AppRequestContext) throws -> Response {
        let now = clock.now()
        let query = request.uri.formParameters
        // The view asked for, else the one this browser chose last (a cookie the script sets).
        let display = displaySettings()
        let view = query["view"].map(String.init) ?? request.cookie("duplistatus-view") ?? display.dashboardView
        let filter = query["q"].map(String.init) ?? ""
        let origin = Self.origin(request)
        let key = [RenderedPageCache.storeVersion(backups.store), String(now / 60_000), view, filter, origin].joined(separator: "\u{0}")
        let html = try dashboards.html(for: key) {
            var page = try dashboardPage(now: now, table: view == "table", filter: filter, origin: origin)
            page.chrome.use(display, signsIn: gate.requiresSignIn)
            return templates.render("dashboard", page)
        }
        return templates.response(html: html)
    }

    /// The dashboard's model at `now`.
    private func dashboardPage(now: Int64, table: Bool, filter: String, origin: String) throws -> DashboardPage {
        let overview = try backups.overview(now: now)
        var page = DashboardPage(
            overview: overview,
            duplicates: try backups.duplicateServerGroups(),
            uploadURL: origin + PageRoute.apiLink(.upload),
            now: now,
            table: table,
            strips: strips
        )
        let month = ChartSpan.month
        let points = try backups.chartPoints(serverId: nil, backupName: nil, range: month.range(now: now), bucket: month.bucket)
        page.panel.charts = [ChartMetric.uploadedSize, .duration].map { SVGChart($0, points: ChartThinning.thin(points), bars: false, compact: true) }
        // Pieces of servers and jobs that are gone are dropped; the filter only hides the others.
        if table {
            rowPieces.keep(only: Set(page.rows.map(\.id)))
        } else {
            cardPieces.keep(only: Set(page.cards.map(\.serverId)))
            strips.keep(only: Set(overview.servers.flatMap { $0.jobs.map(\.key) }))
        }
        page.filter(filter)
        if table {
            page.rowsHTML = page.rows.map { row in
                rowPieces.html(id: row.id, model: row) { templates.render("dashboard_row", $0) }
            }.joined()
        } else {
            page.cardsHTML = page.cards.map { card in
                cardPieces.html(id: card.serverId, model: card) { templates.render("dashboard_card", $0) }
            }.joined()
        }
        return page
    }

    /// An embedded stylesheet, script or icon; cached for a day, since a changed asset's links
    /// carry a new version (`WebAssets.link`).
    func asset(_ request: Request, context: AppRequestContext) -> Response {
        let name = context.parameters.get("file") ?? ""
        guard let file = WebAssets.files[name] else { return notFound(request, reason: "There is no such asset.") }
        var headers = HTTPFields()
        headers[.contentType] = file.type
        headers[.cacheControl] = "public, max-age=86400"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }

    /// The HTML 404 page.
    func notFound(_ request: Request, reason: String) -> Response {
        templates.page("notfound", NotFoundPage(path: request.uri.path, reason: reason), status: .notFound)
    }

    /// The page for a name several servers share: a link to each, as the API lists their ids.
    func serverChoice(name: String, servers: [ServerRecord]) -> Response {
        var page = NotFoundPage(path: nil, reason: "Several servers are named “\(name.prefix(80))”; choose one:")
        page.chrome.title = "Choose a server · duplistatus"
        page.heading = "Which server?"
        page.choices = servers.map { NotFoundPage.Choice(label: "\($0.name) (\($0.id))", link: PageRoute.serverLink($0.id)) }
        return templates.page("notfound", page, status: .multipleChoices)
    }

    /// `http://host:port` as the browser reached the server, for the addresses the pages quote.
    static func origin(_ request: Request) -> String {
        let host = request.head.authority ?? "HOST:9666"
        return "http://" + host
    }
}

/// The 404 page: what was asked for and why there is nothing.
struct NotFoundPage: Sendable {
    /// A page the path may have meant.
    struct Choice: Sendable {
        /// What the link shows.
        var label: String
        /// Where it leads.
        var link: String
    }

    var chrome = PageChrome(title: "Not found · duplistatus", section: "")
    /// The page's heading.
    var heading = "Page not found"
    /// The path asked for, when nothing lives there (nil when the page offers choices instead).
    var path: String?
    /// Why nothing is there.
    var reason: String
    /// Pages the path may have meant (a name several servers share).
    var choices: [Choice] = []
}

extension PagesController {
    /// `/settings`: every section on one page with a side menu.
    func settingsPage(_ request: Request, context: AppRequestContext) throws -> Response {
        let now = clock.now()
        var page = SettingsPage(overview: try backups.overview(now: now), duplicates: try backups.duplicateServerGroups(), now: now)
        // `?job=KEY`: that job's rows only, which the page script fetches to refresh a saved row
        // (the whole page is megabytes at 700 jobs).
        if let key = request.uri.formParameters["job"] { page.narrow(toJob: String(key)) }
        page.database += SettingsPage.storeTiles(backups.store.statistics(), now: now)
        page.security = SecuritySection(gate: gate, origin: Self.origin(request), now: now)
        page.deliveries = DeliveryLine(deliveries.current, now: now)
        page.selects = SettingsPage.MonitoringSelects(backups.overdueConfiguration(), interval: backups.checkInterval)
        page.chrome.use(displaySettings(), signsIn: gate.requiresSignIn)
        return templates.page("settings", page)
    }
}

extension PagesController {
    /// The display settings stored on the server (theme, refresh, chart and table defaults).
    func displaySettings() -> DisplayConfiguration {
        backups.configuration(.display, as: DisplayConfiguration.self) ?? DisplayConfiguration()
    }
}
