import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// api.md §6: `GET /metrics` (Prometheus text) and `GET /api/metrics` (JSON).
final class MetricsTests: XCTestCase {
    /// A fresh data directory, removed when the test ends.
    func makeDirectory() -> String { TestDataDirectory.make("metrics", for: self) }

    /// Whole seconds now, so every derived time is exact.
    static let now = Int64(Date().timeIntervalSince1970) * 1000
    static let hour: Int64 = 3_600_000
    /// A backup name that needs label escaping.
    static let awkward = #"Daily "full" C:\data"#

    /// alpha (`srv-a`): Files −25h and −1h Success; alpha (`srv-c`, same name): Files −2h Warning;
    /// beta (`srv-b`): the awkward job on 2024-01-01, Error and long overdue.
    static let fleet: [(run: ParsedRun, receivedAt: Int64?)] = [
        (AdminFleet.run("srv-a", "alpha", "Files", begin: now - 25 * hour, seconds: 100, uploaded: 1, storage: 2, versions: 1), nil),
        (AdminFleet.run("srv-a", "alpha", "Files", begin: now - hour, seconds: 180.5, uploaded: 300, storage: 600, versions: 3), nil),
        (AdminFleet.run("srv-c", "alpha", "Files", begin: now - 2 * hour, status: .warning, seconds: 10, uploaded: 5, storage: 20, versions: 1), nil),
        (
            AdminFleet.run(
                "srv-b",
                "beta",
                awkward,
                begin: AdminFleet.ms("2024-01-01T00:00:00Z"),
                status: .error,
                seconds: 42,
                storage: 1000,
                versions: 2
            ), nil
        ),
    ]

    func testPrometheusExpositionIsExact() async throws {
        let directory = makeDirectory()
        try await AdminFleet.seed(directory, Self.fleet)
        let app = try await buildApplication(TestDataDirectory.config(directory))
        let (a, c) = (Self.now / 1000 - 3600, Self.now / 1000 - 7200)
        let expected = #"""
            # HELP duplistatus_servers Known Duplicati servers.
            # TYPE duplistatus_servers gauge
            duplistatus_servers 3
            # HELP duplistatus_backup_jobs Known backup jobs (server and backup name).
            # TYPE duplistatus_backup_jobs gauge
            duplistatus_backup_jobs 3
            # HELP duplistatus_backup_runs_stored Stored backup runs.
            # TYPE duplistatus_backup_runs_stored gauge
            duplistatus_backup_runs_stored 4
            # HELP duplistatus_backup_runs_total Backup runs stored since the server started (uploads and collects).
            # TYPE duplistatus_backup_runs_total counter
            duplistatus_backup_runs_total 0
            # HELP duplistatus_backup_success_rate Ratio (0-1) of jobs whose latest run succeeded; 0 without jobs.
            # TYPE duplistatus_backup_success_rate gauge
            duplistatus_backup_success_rate 0.3333333333333333
            # HELP duplistatus_overdue_backups Jobs whose next run is overdue now.
            # TYPE duplistatus_overdue_backups gauge
            duplistatus_overdue_backups 1
            # HELP duplistatus_notifications_sent_total Notifications delivered on a channel since the server started.
            # TYPE duplistatus_notifications_sent_total counter
            duplistatus_notifications_sent_total 0
            # HELP duplistatus_notifications_failed_total Notifications that failed on a channel after their retries, since the server started.
            # TYPE duplistatus_notifications_failed_total counter
            duplistatus_notifications_failed_total 0
            # HELP duplistatus_notifications_dropped_total Notifications dropped from a channel's full queue since the server started.
            # TYPE duplistatus_notifications_dropped_total counter
            duplistatus_notifications_dropped_total 0
            # HELP duplistatus_backup_last_status Status of the latest run: 0 success, 1 warning, 2 error, 3 fatal, 4 unknown.
            # TYPE duplistatus_backup_last_status gauge
            duplistatus_backup_last_status{server="alpha",backup="Files",server_id="srv-a"} 0
            duplistatus_backup_last_status{server="alpha",backup="Files",server_id="srv-c"} 1
            duplistatus_backup_last_status{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 2
            # HELP duplistatus_backup_last_run_timestamp_seconds When the latest run began, in Unix seconds.
            # TYPE duplistatus_backup_last_run_timestamp_seconds gauge
            duplistatus_backup_last_run_timestamp_seconds{server="alpha",backup="Files",server_id="srv-a"} \#(a)
            duplistatus_backup_last_run_timestamp_seconds{server="alpha",backup="Files",server_id="srv-c"} \#(c)
            duplistatus_backup_last_run_timestamp_seconds{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 1704067200
            # HELP duplistatus_backup_last_duration_seconds Duration of the latest run.
            # TYPE duplistatus_backup_last_duration_seconds gauge
            duplistatus_backup_last_duration_seconds{server="alpha",backup="Files",server_id="srv-a"} 180.5
            duplistatus_backup_last_duration_seconds{server="alpha",backup="Files",server_id="srv-c"} 10
            duplistatus_backup_last_duration_seconds{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 42
            # HELP duplistatus_backup_last_uploaded_bytes Bytes uploaded by the latest run.
            # TYPE duplistatus_backup_last_uploaded_bytes gauge
            duplistatus_backup_last_uploaded_bytes{server="alpha",backup="Files",server_id="srv-a"} 300
            duplistatus_backup_last_uploaded_bytes{server="alpha",backup="Files",server_id="srv-c"} 5
            duplistatus_backup_last_uploaded_bytes{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 0
            # HELP duplistatus_backup_storage_bytes Bytes on the destination after the latest run.
            # TYPE duplistatus_backup_storage_bytes gauge
            duplistatus_backup_storage_bytes{server="alpha",backup="Files",server_id="srv-a"} 600
            duplistatus_backup_storage_bytes{server="alpha",backup="Files",server_id="srv-c"} 20
            duplistatus_backup_storage_bytes{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 1000
            # HELP duplistatus_backup_versions Versions on the destination after the latest run.
            # TYPE duplistatus_backup_versions gauge
            duplistatus_backup_versions{server="alpha",backup="Files",server_id="srv-a"} 3
            duplistatus_backup_versions{server="alpha",backup="Files",server_id="srv-c"} 1
            duplistatus_backup_versions{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 2
            # HELP duplistatus_backup_overdue 1 when the job's next run is overdue now, else 0.
            # TYPE duplistatus_backup_overdue gauge
            duplistatus_backup_overdue{server="alpha",backup="Files",server_id="srv-a"} 0
            duplistatus_backup_overdue{server="alpha",backup="Files",server_id="srv-c"} 0
            duplistatus_backup_overdue{server="beta",backup="Daily \"full\" C:\\data",server_id="srv-b"} 1

            """#
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                XCTAssertEqual(response.status, .ok)
                XCTAssertEqual(response.headers[.contentType], "text/plain; version=0.0.4; charset=utf-8")
                XCTAssertEqual(response.headers[.cacheControl], "no-store")
                XCTAssertEqual(String(buffer: response.body), expected)
            }
        }
    }

    func testPrometheusExpositionOfAnEmptyStore() async throws {
        let app = try await buildApplication(TestDataDirectory.config(makeDirectory()))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                let samples = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
                XCTAssertEqual(
                    samples,
                    [
                        "duplistatus_servers 0", "duplistatus_backup_jobs 0", "duplistatus_backup_runs_stored 0",
                        "duplistatus_backup_runs_total 0", "duplistatus_backup_success_rate 0", "duplistatus_overdue_backups 0",
                        "duplistatus_notifications_sent_total 0", "duplistatus_notifications_failed_total 0",
                        "duplistatus_notifications_dropped_total 0",
                    ]
                )
                // Every per-job family is still declared, so dashboards find it before the first upload.
                XCTAssertEqual(text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.count, 16)
                XCTAssertTrue(text.contains("# TYPE duplistatus_backup_overdue gauge\n"))
            }
            try await client.execute(uri: "/metrics", method: .post) { response in
                XCTAssertEqual(response.status, .notFound)
            }
            // The counter counts what this process stored; a copy sent again is not a run.
            let report = ByteBuffer(bytes: try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))
            for expected in [HTTPResponse.Status.created, .ok] {
                try await client.execute(uri: "/api/upload", method: .post, body: report) { XCTAssertEqual($0.status, expected) }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                XCTAssertTrue(text.contains("\nduplistatus_backup_runs_total 1\n") && text.contains("\nduplistatus_backup_runs_stored 1\n"), text)
            }
        }
    }
}
