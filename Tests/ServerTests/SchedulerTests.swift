import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// The in-process scheduler: runs the check when due on the injected clock, reports its state,
/// never overlaps itself, stops with the application.
final class SchedulerTests: XCTestCase {
    func testTheCheckRunsWhenDueAndNeverOverlaps() async throws {
        let start = ReportTimestamp.parseISO("2025-11-20T12:00:00Z")!.epochMilliseconds
        let clock = TestClock(start)
        var config = TestDataDirectory.config(TestDataDirectory.make("cron", for: self))
        config.clock = clock
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            try await client.request(.post, "/api/cron-config", as: Ignored.self, json: #"{"interval":"1min"}"#).assertStatus(.ok)
            let health = try await client.execute(uri: "/api/health", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(health.contains(#""scheduler":"running""#), health)
            clock.advance(by: 6 * 60_000)
            var status = ""
            for _ in 0..<80 {
                status = try await client.execute(uri: "/api/cron/status", method: .get) { String(buffer: $0.body) }
                if status.contains(#""lastRun":"2025-11-20T12:06:00.000Z""#) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            XCTAssertTrue(status.contains(#""lastRun":"2025-11-20T12:06:00.000Z""#), status)
            XCTAssertTrue(status.contains(#""nextRun":"2025-11-20T12:07:00.000Z""#), status)
            XCTAssertTrue(status.contains(#""lastStatistics":{"#), status)
            // The answer to a new interval names the new interval's next slot, not the old one's.
            struct Cron: Decodable { var nextRun: String? }
            let every2h = try await client.request(.post, "/api/cron-config", as: Cron.self, json: #"{"interval":"2hours"}"#).data()
            XCTAssertEqual(every2h.nextRun, "2025-11-20T14:00:00.000Z")
            try await client.request(.post, "/api/cron-config", as: Ignored.self, json: #"{"interval":"1min"}"#).assertStatus(.ok)
            // Ten triggers at once run one after another, each to the end.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        try await client.request(.post, "/api/notifications/check-overdue", as: OverdueCheckTests.Statistics.self).data()
                            .checkedBackups
                    }
                }
                for try await checked in group { XCTAssertEqual(checked, 0) }
            }
            try await client.request(.put, "/api/cron-config", as: Ignored.self, json: #"{"interval":"disabled"}"#).assertStatus(.ok)
            let cron = try await client.execute(uri: "/api/cron-config", method: .get) { String(buffer: $0.body) }
            XCTAssertTrue(cron.contains(#""enabled":false"#) && cron.contains(#""nextRun":null"#), cron)
        }
    }

    /// Checks run at their cron expression's times in UTC, not an interval after the start.
    func testChecksRunAtTheCronExpressionsTimes() throws {
        let at = { (text: String) in try XCTUnwrap(ReportTimestamp.parseISO(text)).epochMilliseconds }
        let cases: [(after: String, interval: CronInterval, slot: String)] = [
            ("2025-11-20T12:06:30Z", .fiveMinutes, "2025-11-20T12:10:00Z"),
            ("2025-11-20T12:10:00Z", .fiveMinutes, "2025-11-20T12:15:00Z"),
            ("2025-11-20T12:06:30Z", .oneHour, "2025-11-20T13:00:00Z"),
            ("2025-11-20T13:00:00Z", .twoHours, "2025-11-20T14:00:00Z"),
            ("2025-11-20T23:59:59Z", .twoHours, "2025-11-21T00:00:00Z"),
            ("2025-11-20T12:06:30Z", .oneMinute, "2025-11-20T12:07:00Z"),
        ]
        for (after, interval, slot) in cases {
            let period = try XCTUnwrap(interval.periodMs)
            XCTAssertEqual(MonitoringScheduler.slot(after: try at(after), period: period), try at(slot), "\(interval) after \(after)")
        }
    }

    func testRunGateSerialises() async throws {
        let gate = RunGate()
        let active = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await gate.exclusively {
                        let now = await active.enter()
                        XCTAssertEqual(now, 1)
                        try await Task.sleep(for: .milliseconds(2))
                        await active.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    actor Counter {
        var value = 0
        func enter() -> Int {
            value += 1
            return value
        }
        func leave() { value -= 1 }
    }
}
