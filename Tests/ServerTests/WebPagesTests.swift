import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// The web pages over HTTP: each renders the fleet from the domain, links through `PageRoute`,
/// and unknown page paths get the HTML 404 while `/api` keeps its envelope.
extension ReadEndpointsTests {
    /// The status, content type and text of a GET.
    static func webPage(_ client: some TestClientProtocol, _ uri: String) async throws -> (HTTPResponse.Status, String, String) {
        try await client.execute(uri: uri, method: .get) { response in
            (response.status, response.headers[.contentType] ?? "", String(buffer: response.body))
        }
    }

    func testDashboardShowsCardsTableAndPanel() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, type, html) = try await Self.webPage(client, "/")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(type, "text/html; charset=utf-8")
            for text in ["alpha", "beta box", "Databases", "Backup runs", "Jobs by status", "/servers/srv-a?job=Files"] {
                XCTAssertTrue(html.contains(text), text)
            }
            XCTAssertEqual(html.components(separatedBy: "<article class=\"card\"").count - 1, 3)
            XCTAssertEqual(html.components(separatedBy: "<tr data-search=").count - 1, 0, "one view is rendered")
            // Each bar of the status strip names its run's date and status.
            XCTAssertNotNil(
                html.firstMatch(
                    of:
                        #/<i class="bg-warn" title="\d{4}-\d\d-\d\d \d\d:\d\d UTC · Warning"></i><i class="bg-ok" title="[^"]+ · Success"></i></span>/#
                )
            )
            // The side panel lists the overdue jobs and those whose last run had problems, each
            // entry with its link, names, detail and tone.
            let overdueEntry =
                #/<li><a href="/servers/srv-a\?job=Databases">alpha · Databases</a><span class="small tone-err">[^<]+</span></li>/#
            let problemEntry = #/<li><a href="/servers/srv-c\?job=Docs">gamma · Docs</a><span class="dot bg-warn" title="[^"]+"></span></li>/#
            XCTAssertNotNil(html.firstMatch(of: overdueEntry))
            XCTAssertNotNil(html.firstMatch(of: problemEntry))
            let table = try await client.execute(uri: "/", method: .get, headers: [.cookie: "a=b; duplistatus-view=table"]) {
                String(buffer: $0.body)
            }
            XCTAssertEqual(table.components(separatedBy: "<tr data-search=").count - 1, 4, "the cookie picks the table")
            // A rendered dashboard is reused only while the store is unchanged: a write shows at once.
            XCTAssertFalse(html.contains("Alpha Prime"))
            let renamed = try await client.request(.patch, "/api/servers/srv-a", as: API.ServerStatus.self, json: #"{"alias":"Alpha Prime"}"#)
            XCTAssertEqual(renamed.status, .ok)
            let (_, _, after) = try await Self.webPage(client, "/")
            XCTAssertTrue(after.contains("Alpha Prime"))
            // The display settings stored on the server choose the view, theme and card order.
            let display = try await client.request(
                .post,
                "/api/configuration/display",
                as: Ignored.self,
                json: #"{"dashboardView":"table","theme":"dark","cardSort":"name"}"#
            )
            XCTAssertEqual(display.status, .ok)
            let (_, _, styled) = try await Self.webPage(client, "/")
            XCTAssertEqual(styled.components(separatedBy: "<tr data-search=").count - 1, 4)
            XCTAssertTrue(styled.contains("data-server-theme=\"dark\"") && styled.contains("data-card-sort=\"name\""))
            // The filter also works without the script.
            let (_, _, filtered) = try await Self.webPage(client, "/?view=table&q=beta")
            XCTAssertEqual(filtered.components(separatedBy: "<tr data-search=").count - 1, 1)
            XCTAssertTrue(filtered.contains("class=\"view-table\""))
            XCTAssertTrue(filtered.contains(#"<p id="no-matches" class="panel muted" hidden>"#))
            XCTAssertFalse(filtered.contains(#"id="card-sort""#), "the table view offers no card order")
            // A space arrives as `+`, as the script's URLSearchParams and a GET form send it.
            let (_, _, spaced) = try await Self.webPage(client, "/?view=table&q=beta+box")
            XCTAssertEqual(spaced.components(separatedBy: "<tr data-search=").count - 1, 1)
            XCTAssertTrue(spaced.contains(#"value="beta box""#), "the box shows the words typed")
            let (_, _, plus) = try await Self.webPage(client, "/?view=table&q=beta%2Bbox")
            XCTAssertEqual(plus.components(separatedBy: "<tr data-search=").count - 1, 0, "%2B is a plus")
            XCTAssertTrue(plus.contains(#"<p id="no-matches" class="panel muted">No server or backup matches"#), "an empty result says so")
            let (_, _, cards) = try await Self.webPage(client, "/?view=cards&q=zzz-nothing")
            XCTAssertTrue(cards.contains(#"<p id="no-matches" class="panel muted">"#) && cards.contains(#"id="card-sort""#))
        }
    }

    /// A page and the API (whose `duration` a Homepage widget shows) agree on a run's length:
    /// whole seconds counted down, as the Node version counts them.
    func testPagesCountWholeSecondsDownAsTheAPIDoes() {
        for (seconds, shown) in [(1797.5655917, "00:29:57"), (42.9, "00:00:42"), (93784.5, "26:03:04"), (-3, "00:00:00")] {
            XCTAssertEqual(DisplayFormat.duration(seconds), shown)
            if seconds >= 0 { XCTAssertEqual(DotNetTimeSpan.display(seconds: seconds), shown) }
        }
    }

    func testServerPageHasChartsBannerAndPagedHistory() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let (status, _, html) = try await Self.webPage(client, "/servers/srv-a")
            XCTAssertTrue(html.contains(#"<a class="button" href="/settings#servers" title="#), "the server page leads to collecting")
            XCTAssertEqual(status, .ok)
            XCTAssertEqual(html.components(separatedBy: "<svg class=\"chart\"").count - 1, 6)
            XCTAssertTrue(html.contains("role=\"alert\"><strong>Overdue</strong>"), "Databases is overdue")
            XCTAssertEqual(html.components(separatedBy: "<tr data-href=").count - 1, 4)
            let (_, _, paged) = try await Self.webPage(client, "/servers/srv-a?job=Files&size=5&range=all&style=bar")
            XCTAssertEqual(paged.components(separatedBy: "<tr data-href=").count - 1, 3)
            XCTAssertTrue(paged.contains("<rect class=\"bar\""))
            XCTAssertTrue(paged.contains("Delete this job&#39;s history") || paged.contains("Delete this job's history"))
            // Picking another job keeps the range, style and page size chosen.
            for kept in [#"name="range" value="all""#, #"name="style" value="bar""#, #"name="size" value="5""#] {
                XCTAssertTrue(paged.contains(#"<input type="hidden" \#(kept)>"#), kept)
            }
            XCTAssertFalse(html.contains(#"<input type="hidden" name="range""#), "the defaults are left out")
            // A page past the end (runs deleted, an old link) shows the last page.
            let (_, _, past) = try await Self.webPage(client, "/servers/srv-a?job=Files&size=5&page=99")
            XCTAssertEqual(past.components(separatedBy: "<tr data-href=").count - 1, 3)
            XCTAssertFalse(past.contains("Page 99"), "the last page, not an empty one")
            // The display settings stored on the server choose the range, style, page size and theme
            // a server page opens with; the query still overrides each.
            _ = try await client.request(
                .post,
                "/api/configuration/display",
                as: Ignored.self,
                json: #"{"chartRange":"all","chartStyle":"bar","pageSize":5,"theme":"dark"}"#
            )
            let (_, _, chosen) = try await Self.webPage(client, "/servers/srv-a?job=Files")
            XCTAssertTrue(chosen.contains("<rect class=\"bar\""))
            XCTAssertTrue(chosen.contains(#"aria-current="true">All</a>"#))
            XCTAssertTrue(chosen.contains(#"data-server-theme="dark""#))
            XCTAssertTrue(chosen.contains(#"href="/servers/srv-a?job=Files&amp;style=line#charts""#), "line is offered against the bar default")
            XCTAssertEqual(chosen.components(separatedBy: "<tr data-href=").count - 1, 3)
            let (_, _, line) = try await Self.webPage(client, "/servers/srv-a?job=Files&style=line")
            XCTAssertFalse(line.contains("<rect class=\"bar\""))
            let (missing, type, text) = try await Self.webPage(client, "/servers/nope")
            XCTAssertEqual(missing, .notFound)
            XCTAssertEqual(type, "text/html; charset=utf-8")
            XCTAssertTrue(text.contains("Page not found"))
        }
    }

    func testRunPageShowsFiguresAndLogsOnDemand() async throws {
        let fleet = ReadFleet()
        try await withFleet(fleet) { client in
            let uri = "/servers/srv-a/runs/\(PageLink.segment(fleet.files3.id))"
            let (status, _, html) = try await Self.webPage(client, uri)
            XCTAssertEqual(status, .ok)
            for text in ["Available versions", "File changes", "Backend", "00:03:00", "/api/backups/"] {
                XCTAssertTrue(html.contains(text), text)
            }
            XCTAssertFalse(html.contains("Backup started"), "lines are loaded on demand")
            let (_, _, shown) = try await Self.webPage(client, uri + "?log=messages")
            XCTAssertTrue(shown.contains("<li>Backup started</li>"))
            let (wrongServer, _, _) = try await Self.webPage(client, "/servers/srv-c/runs/\(PageLink.segment(fleet.files3.id))")
            XCTAssertEqual(wrongServer, .notFound)
        }
    }

    func testTheSettingsPageSaysWhyAJobIsNotChecked() {
        var verdict = OverdueVerdict(expectedAt: 0, isOverdue: false, overdueSeconds: 0, source: .default, tolerance: .standard)
        XCTAssertEqual(SettingsPage.uncheckedNote(verdict), "not checked until its schedule is known (set an interval)")
        verdict.source = .inferred
        XCTAssertNil(SettingsPage.uncheckedNote(verdict))
        verdict.checkEnabled = false
        XCTAssertEqual(SettingsPage.uncheckedNote(verdict), "not checked: checking is off")
    }

    func testAServerPageByANameTwoServersShareLinksToBoth() async throws {
        try await withFleet(ReadFleet()) { client in
            let reports = try RealReports()
            for machine in ["twin-1", "twin-2"] {
                try await client.execute(
                    uri: "/api/upload",
                    method: .post,
                    headers: [.contentType: "application/json"],
                    body: ByteBuffer(data: try reports.body(machineId: machine, machineName: "TWIN", run: 0))
                ) { XCTAssertEqual($0.status, .created) }
            }
            let (status, _, html) = try await Self.webPage(client, "/servers/TWIN")
            XCTAssertEqual(status, .multipleChoices)
            XCTAssertTrue(html.contains("Several servers are named “TWIN”"), html)
            XCTAssertTrue(html.contains(#"<a href="/servers/twin-1">TWIN (twin-1)</a>"#))
            XCTAssertTrue(html.contains(#"<a href="/servers/twin-2">TWIN (twin-2)</a>"#))
            let (byId, _, _) = try await Self.webPage(client, "/servers/twin-2")
            XCTAssertEqual(byId, .ok)
            let (missing, _, text) = try await Self.webPage(client, "/servers/nobody")
            XCTAssertEqual(missing, .notFound)
            XCTAssertTrue(text.contains("Page not found") && text.contains("No server has the id or name “nobody”"))
        }
    }

    func testSettingsNotFoundAssetsAndTheEmptyState() async throws {
        try await withFleet(ReadFleet()) { client in
            let (status, _, html) = try await Self.webPage(client, "/settings")
            XCTAssertEqual(status, .ok)
            for text in [
                "Backup notifications", "Backup monitoring", "Templates", "ntfy", "Webhook", "Display", "Database", "/api/admin/database/backup",
                "Collect from a Duplicati server", #"data-api="/api/backups/collect""#, #"data-body='{"all":true}'"#,
                // The template variables, from the list the notifications fill.
                "Variables: <code>{server_id}</code> <code>{server_name}</code>", "<code>{log_text}</code>; overdue:",
                "<code>{overdue_tolerance}</code>.</p>",
                "Set its Duplicati URL first",
            ] {
                XCTAssertTrue(html.contains(text), text)
            }
            // Each job table holds its fields once, as a template that loads the job settings and
            // offers the seven weekdays; every job has a row in both tables naming its key, and
            // no row carries fields of its own (the script copies the template into each).
            let jobs = 4
            let loads = html.components(separatedBy: #"data-load="/api/configuration/backup-settings""#).count - 1
            XCTAssertEqual(loads, 2)
            XCTAssertEqual(html.components(separatedBy: #"value="6" checked>Sa</label>"#).count - 1, 1)
            for table in ["notification-controls", "monitoring-controls"] {
                XCTAssertTrue(html.contains(#"<template id="\#(table)"><div class="form-row" data-fields "#), table)
                XCTAssertTrue(html.contains(#"<tbody data-controls="\#(table)">"#), table)
            }
            XCTAssertEqual(html.components(separatedBy: " data-key=").count - 1, 2 * jobs)
            XCTAssertEqual(html.components(separatedBy: #"data-key="srv-a:Files">"#).count - 1, 2)
            XCTAssertEqual(html.components(separatedBy: " data-fields ").count - 1, 2, "no job row carries fields of its own")
            // Each server row names its page, its update endpoint and its fields.
            XCTAssertTrue(html.contains(#"<tr><td><a href="/servers/srv-a">alpha</a><div class="small muted"><code>srv-a</code></div></td>"#))
            XCTAssertTrue(html.contains(#"<form class="form-row" data-api="/api/servers/srv-a" data-method="PATCH">"#))
            XCTAssertTrue(html.contains(#"<input name="alias" value="" placeholder="alias" aria-label="Alias of alpha">"#))
            // The next expected run: red when overdue, green while it can come in time, grey with
            // the reason when the job is not checked.
            XCTAssertTrue(html.contains(#"<tr data-key="srv-a:Databases"><td>alpha</td><td>Databases</td><td class="tone-err">"#))
            let files =
                #/<tr data-key="srv-a:Files"><td>alpha</td><td>Files</td><td class="tone-ok"><time datetime="[^"]+"><span class="nw">\d{4}-\d\d-\d\d</span> <span class="nw">\d\d:\d\d UTC</span></time><div class="small">[^<·]+</div>/#
            XCTAssertNotNil(html.firstMatch(of: files), "a checked job's cell has no note")
            try await client.execute(
                uri: "/api/configuration/backup-settings",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"srv-c:Docs":{"overdueBackupCheckEnabled":false}}"#)
            ) { XCTAssertEqual($0.status, .ok) }
            let (_, _, unchecked) = try await Self.webPage(client, "/settings")
            XCTAssertTrue(unchecked.contains(#"<tr data-key="srv-c:Docs"><td>gamma</td><td>Docs</td><td class="muted">"#))
            XCTAssertTrue(unchecked.contains("<span data-note> · not checked: checking is off</span></div>"))
            // One job's rows, as the script fetches them to refresh a saved row.
            let (_, _, one) = try await Self.webPage(client, "/settings?job=srv-c%3ADocs")
            XCTAssertEqual(one.components(separatedBy: " data-key=").count - 1, 2)
            XCTAssertTrue(one.contains(#"<tr data-key="srv-c:Docs"><td>gamma</td><td>Docs</td><td class="muted">"#))
            // The global selects show what is stored, also before (and without) the script.
            XCTAssertTrue(unchecked.contains(#"<option value="2h" selected>2 hours</option>"#), "the default tolerance")
            XCTAssertTrue(unchecked.contains(#"<option value="5min" selected>5 min</option>"#), "the default check interval")
            try await client.execute(
                uri: "/api/configuration/overdue-tolerance",
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"overdueTolerance":"4h"}"#)
            ) { XCTAssertEqual($0.status, .ok) }
            let (_, _, stored) = try await Self.webPage(client, "/settings")
            XCTAssertTrue(stored.contains(#"<option value="4h" selected>4 hours</option>"#), "the stored tolerance")
            XCTAssertFalse(stored.contains(#"<option value="2h" selected>"#), "one tolerance chosen")
            // E-mail and the webhook, not set up yet, are saved switched on: saving is setting up.
            XCTAssertEqual(stored.components(separatedBy: #"<input type="checkbox" name="enabled" checked> Enabled"#).count - 1, 2)
            let (missing, type, text) = try await Self.webPage(client, "/no/such/page")
            XCTAssertEqual(missing, .notFound)
            XCTAssertEqual(type, "text/html; charset=utf-8")
            XCTAssertTrue(text.contains("Page not found"))
            try await client.get("/api/no-such-thing", as: Ignored.self).assertError(.notFound, "NotFoundError")
            let (css, cssType, _) = try await Self.webPage(client, "/assets/app.css")
            XCTAssertEqual(css, .ok)
            XCTAssertEqual(cssType, "text/css; charset=utf-8")
            let (noAsset, _, _) = try await Self.webPage(client, "/assets/nope.js")
            XCTAssertEqual(noAsset, .notFound)
            // Links carry the asset's version, so a new binary's script is never run from a day-old cache.
            let script = try XCTUnwrap(WebAssets.files[WebAssets.script])
            XCTAssertEqual(script.version.count, 12)
            XCTAssertTrue(text.contains(#"<script src="/assets/app.js?v=\#(script.version)" defer>"#), "the 404 page's script link")
            let (js, jsType, served) = try await Self.webPage(client, "/assets/app.js?v=\(script.version)")
            XCTAssertEqual(js, .ok)
            XCTAssertEqual(jsType, "text/javascript; charset=utf-8")
            // One script from two sources: the basics, then the forms, which use the basics' api.
            let basics = try XCTUnwrap(served.range(of: "window.duplistatus = { api, toast, refreshRegions: refreshNow };"))
            let forms = try XCTUnwrap(served.range(of: "const { api, toast } = window.duplistatus;"))
            XCTAssertLessThan(basics.lowerBound, forms.lowerBound)
        }
        try FileManager.default.removeItem(atPath: dataDirectory)
        let app = try await buildApplication(config(now: ReadFleet().now))
        try await app.test(.router) { client in
            let (status, _, html) = try await Self.webPage(client, "/")
            XCTAssertEqual(status, .ok)
            XCTAssertTrue(html.contains("No backups received yet"))
            XCTAssertTrue(html.contains("--send-http-result-output-format=Json"))
            XCTAssertTrue(html.contains("/api/upload?serverName=MACHINE&amp;backupName=JOB"))
        }
    }
}
