import FlatStore
import Foundation
import XCTest

@testable import Server

/// Absolute times on the pages and in notifications follow the process's `TZ` (UTC by default).
final class DisplayTimeZoneTests: XCTestCase {
    /// 2024-06-14T22:13:20Z, in British summer time.
    let summer: Int64 = 1_718_403_200_000
    /// 2023-11-14T22:13:20Z, in winter (London on GMT).
    let winter: Int64 = 1_700_000_000_000

    func testInstantsAreWrittenDigitByDigitAcrossTheWholeRange() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00.000Z"),
            (-1, "1969-12-31T23:59:59.999Z"),
            (1_745_279_146_971, "2025-04-21T23:45:46.971Z"),
            (951_782_400_000, "2000-02-29T00:00:00.000Z"),
            (-62_135_596_800_000, "0001-01-01T00:00:00.000Z"),
            (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
            (Int64.max, "9999-12-31T23:59:59.999Z"),
            (Int64.min, "0001-01-01T00:00:00.000Z"),
        ]
        for (milliseconds, iso) in cases {
            XCTAssertEqual(ReportTimestamp.isoString(epochMilliseconds: milliseconds), iso)
            var json = CanonicalJSONWriter()
            json.isoTimestamp(epochMilliseconds: milliseconds)
            XCTAssertEqual(String(decoding: json.bytes, as: UTF8.self), "\"\(iso)\"", "a stored body's timestamp")
            // Every one of the 24 bytes is written, and none after them.
            var buffer = [UInt8](repeating: 0xFF, count: ReportTimestamp.isoLength + 1)
            buffer.withUnsafeMutableBufferPointer { ReportTimestamp.writeISO(epochMilliseconds: milliseconds, into: $0) }
            XCTAssertEqual(buffer, Array(iso.utf8) + [0xFF])
            XCTAssertEqual(ReportTimestamp.minuteString(epochMilliseconds: milliseconds), iso.prefix(16).replacingOccurrences(of: "T", with: " "))
        }
    }

    func testUTCByDefaultAndForUnknownNames() {
        XCTAssertEqual(DisplayTimeZone(identifier: nil).format(summer), "2024-06-14 22:13 UTC")
        XCTAssertEqual(DisplayTimeZone(identifier: "").format(summer), "2024-06-14 22:13 UTC")
        let unknown = DisplayTimeZone(identifier: "Mars/Olympus_Mons")
        XCTAssertEqual(unknown.format(summer), "2024-06-14 22:13 UTC")
        XCTAssertEqual(unknown.unknownName, "Mars/Olympus_Mons")
        XCTAssertNil(DisplayTimeZone(identifier: "UTC").unknownName)
    }

    func testANamedZoneFollowsItsSummerTime() {
        let london = DisplayTimeZone(identifier: "Europe/London")
        XCTAssertEqual(london.identifier, "Europe/London")
        XCTAssertTrue(london.format(summer).hasPrefix("2024-06-14 23:13 "), london.format(summer))
        XCTAssertTrue(london.format(winter).hasPrefix("2023-11-14 22:13 "), london.format(winter))
        XCTAssertNotEqual(london.format(summer).dropFirst(17), "UTC", "the suffix names the zone's offset")
        let tokyo = DisplayTimeZone(identifier: ":Asia/Tokyo")
        XCTAssertTrue(tokyo.format(summer).hasPrefix("2024-06-15 07:13 "), tokyo.format(summer))
    }

    func testNotificationDatesUseTheSameZone() {
        DisplayTimeZone.$current.withValue(DisplayTimeZone(identifier: "Europe/London")) {
            XCTAssertTrue(NotificationVariables.date(summer).hasPrefix("2024-06-14 23:13 "))
        }
        DisplayTimeZone.$current.withValue(DisplayTimeZone(identifier: nil)) {
            XCTAssertEqual(NotificationVariables.date(summer), "2024-06-14 22:13 UTC")
        }
    }

    /// The real binary started with `TZ=Europe/London` writes a run's times on London's clock.
    func testTheServerShowsTimesInItsTZ() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let server = try ServerProcess(dataDirectory: directory, environment: ["TZ": "Europe/London"])
        defer { server.stop() }
        // The server answers before its start-up lines have all reached the pipe the test reads.
        XCTAssertTrue(ServerProcess.wait(seconds: 10) { server.output.text.contains("Europe/London") }, "the start-up log names the zone")
        // Run 213 of the real report begins 2024-06-14T22:13:20Z.
        let body = try RealReports().body(machineId: "tz-machine", machineName: "tz-box", run: 213)
        let upload = try await server.request("POST", "/api/upload", json: body)
        XCTAssertEqual(upload.status, 201, String(decoding: upload.body, as: UTF8.self))
        let page = try await server.request("GET", "/servers/tz-machine")
        let html = String(decoding: page.body, as: UTF8.self)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(html.contains(#"2024-06-14</span> <span class="nw">23:13 "#), "the history shows the begin time in London")
        XCTAssertFalse(html.contains("22:13 UTC"))
    }
}
