/// What every page's layout shows around its content: title, navigation, refresh and asset links.
struct PageChrome: Sendable {
    /// The document title.
    var title: String
    /// Which navigation entry is current: `dashboard`, `settings` or empty.
    var section: String
    /// Seconds between automatic refreshes; 0 for pages that do not refresh.
    var refreshSeconds: Int = 0
    /// The stylesheet's link.
    var stylesheet = WebAssets.link(WebAssets.stylesheet)
    /// The script's link.
    var script = WebAssets.link(WebAssets.script)
    /// The icon's link.
    var icon = WebAssets.link(WebAssets.icon)
    /// The dashboard's link.
    var dashboardLink = PageRoute.dashboardLink
    /// The settings page's link.
    var settingsLink = PageRoute.settingsLink()
    /// Where signing out posts.
    var signOutLink = PageRoute.apiLink(.signOut)
    /// Where signing out leads.
    var loginLink = PageRoute.loginLink()
    /// The product version in the footer.
    var version = AppVersion.current

    /// Whether the dashboard is the current section (templates see stored properties only).
    var onDashboard: Bool
    /// Whether the settings are the current section.
    var onSettings: Bool
    /// Whether the page offers auto-refresh.
    var refreshes: Bool
    /// The theme the display settings chose: `system`, `light` or `dark` (the browser's own pick wins).
    var theme = "system"
    /// The card order the display settings chose.
    var cardSort = "status"
    /// Whether an admin password is set: the page offers to sign out, and its script sends an
    /// ended session to the sign-in page.
    var signsIn = false

    /// Takes the display settings stored on the server as this page's defaults, and whether the
    /// server has sign-in.
    mutating func use(_ display: DisplayConfiguration, signsIn: Bool) {
        self.signsIn = signsIn
        theme = display.theme
        cardSort = display.cardSort
        if refreshes { refreshSeconds = display.refreshSeconds }
    }

    /// The chrome of a page titled `title` in `section`.
    init(title: String, section: String, refreshSeconds: Int = 0) {
        self.title = title
        self.section = section
        self.refreshSeconds = refreshSeconds
        onDashboard = section == "dashboard"
        onSettings = section == "settings"
        refreshes = refreshSeconds > 0
    }
}

/// A run status as pages show it: Duplicati's word and a colour class.
struct StatusBadge: Sendable, Equatable {
    /// `"Success"`, `"Warning"`…
    var label: String
    /// `ok`, `warn`, `err` or `unk`: the CSS tone.
    var tone: String
    /// The status's severity, so a table sorted by status puts Warning beside Error, not after
    /// Success as the alphabet would.
    var rank: Int

    /// The badge of `status`.
    init(_ status: ParsedRun.Status) {
        label = status.rawValue
        rank = status.severity
        tone =
            switch status {
            case .success: "ok"
            case .warning: "warn"
            case .error, .fatal: "err"
            case .unknown: "unk"
            }
    }
}

/// An instant as pages show it: absolute, relative and machine-readable.
struct PageTime: Sendable, Equatable {
    /// `"2026-05-12 22:12 UTC"`.
    var absolute: String
    /// `"3 hours ago"`.
    var relative: String
    /// ISO 8601, for `<time datetime>`.
    var iso: String
    /// `absolute`'s date, `"2026-05-12"`.
    ///
    /// A narrow cell may put it and `clock` on two lines, but must not break it at its hyphens.
    var day: Substring { absolute.prefix { $0 != " " } }
    /// `absolute` after its date, `"22:12 UTC"`.
    var clock: Substring { absolute.drop { $0 != " " }.dropFirst() }

    /// The forms of `milliseconds` seen at `now`.
    init(_ milliseconds: Int64, now: Int64) {
        absolute = DisplayFormat.absolute(milliseconds)
        relative = DisplayFormat.relative(milliseconds, now: now)
        iso = DisplayFormat.iso(milliseconds)
    }
}

/// One figure of a row of tiles.
struct PageTile: Sendable {
    /// What the figure is.
    var label: String
    /// The figure, formatted.
    var value: String
    /// A CSS tone (`err` for a count that needs attention), or empty.
    var tone: String = ""
}
