import XCTest

@testable import Server

#if canImport(Glibc)
import Glibc
#endif

/// Named time zones from the system's database, checked against the C library, which reads the
/// same files with its own code: the same offset and abbreviation at every instant tried.
final class ZoneInfoTests: XCTestCase {
    /// Zones with summer time in either hemisphere, half-hour and 45-minute offsets, negative
    /// summer time (Dublin), abolished summer time (São Paulo) and numeric abbreviations (Istanbul).
    let zones = [
        "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "America/Sao_Paulo", "Asia/Kolkata",
        "Pacific/Chatham", "Europe/Istanbul", "America/St_Johns", "Europe/Dublin", "Africa/Casablanca", "Europe/Berlin",
        "Pacific/Auckland", "America/Santiago", "Etc/GMT-14", "UTC",
    ]

    /// Every 6 days and 7 hours from 1900 to 2100: past every transition and well into the
    /// footer rule's years.
    let instants = stride(from: Int64(-2_208_988_800), to: 4_102_444_800, by: 6 * 86_400 + 7 * 3_600).map { $0 }

    func testNamedZonesAgreeWithTheCLibrary() throws {
        for name in zones {
            let zone = try XCTUnwrap(ZoneInfo(named: name), name)
            try compareWithCLibrary(zone, tz: ":" + name)
        }
    }

    func testPOSIXRulesAgreeWithTheCLibrary() throws {
        for rule in [
            "GMT0BST,M3.5.0/1,M10.5.0", "EST5EDT,M3.2.0,M11.1.0", "AEST-10AEDT,M10.1.0,M4.1.0/3", "<+0330>-3:30",
            "IST-1GMT0,M10.5.0,M3.5.0/1", "<-03>3<-02>,M3.5.0/-2,M10.5.0/-1", "CET-1CEST,J60/2,J300/3", "XXX3YYY,59/2,299/2",
        ] {
            let parsed = try XCTUnwrap(PosixZoneRule(rule), rule)
            // glibc works a rule out for 1970 in any earlier year, so the comparison starts in 1971.
            try compareWithCLibrary(ZoneInfo(rule: parsed), tz: rule, from: 31_536_000)
        }
        for broken in ["", "GMT", "G0", "GMT0BST,M13.1.0,M10.5.0", "EST5EDT,M3.2.0", "<+03", "EST5EDT,J0,J365", "GMT+200"] {
            XCTAssertNil(PosixZoneRule(broken), broken)
        }
    }

    func testNamesOutsideTheDatabaseAndDamagedFilesAreRefused() throws {
        for name in ["../../etc/passwd", "/etc/localtime", "Mars/Olympus_Mons", "Europe/London\n", "", "Europe/../../etc/hosts"] {
            XCTAssertNil(ZoneInfo(named: name), name)
        }
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: "/usr/share/zoneinfo/Europe/London"))
        // Every cut of a real file is refused or read without a fault; the whole file is read.
        for length in 0..<bytes.count {
            _ = ZoneInfo(tzif: [UInt8](bytes.prefix(length)))
        }
        XCTAssertNotNil(ZoneInfo(tzif: [UInt8](bytes)))
        XCTAssertNil(ZoneInfo(tzif: Array("TZif2 not really".utf8)))
        // "GMT+1" is an hour west to POSIX and an hour east to many people: refused, not guessed.
        for ambiguous in ["GMT+1", "UTC-2", "UT+3"] {
            XCTAssertEqual(DisplayTimeZone(identifier: ambiguous).unknownName, ambiguous)
        }
        XCTAssertTrue(DisplayTimeZone(identifier: "Etc/GMT-1").format(0).hasSuffix("01:00 +01"))
        XCTAssertTrue(DisplayTimeZone(identifier: "<+03>-3").format(0).hasSuffix("03:00 +03"))
        // Any instant can be written, in a named zone and under a rule alone.
        for zone in ["Europe/London", "CET-1CEST,M3.5.0,M10.5.0/3", "AEST-10AEDT,M10.1.0,M4.1.0/3"] {
            let display = DisplayTimeZone(identifier: zone)
            XCTAssertNil(display.unknownName, zone)
            for instant in [Int64.min, -62_135_596_800_001] {
                XCTAssertTrue(display.format(instant).hasPrefix("0001-01-01 "), display.format(instant))
            }
            for instant in [253_402_300_800_000, Int64.max] {
                XCTAssertTrue(display.format(instant).hasPrefix("9999-12-3"), display.format(instant))
            }
        }
    }

    private func compareWithCLibrary(
        _ zone: ZoneInfo,
        tz: String,
        from start: Int64 = .min,
        file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        let saved = getenv("TZ").map { String(cString: $0) }
        defer {
            if let saved { setenv("TZ", saved, 1) } else { unsetenv("TZ") }
            tzset()
        }
        setenv("TZ", tz, 1)
        tzset()
        var mismatches = 0
        for instant in instants where instant >= start {
            var time = time_t(instant)
            var parts = tm()
            guard localtime_r(&time, &parts) != nil else { continue }
            let expected = ZoneInfo.Offset(seconds: parts.tm_gmtoff, abbreviation: String(cString: parts.tm_zone))
            let got = zone.offset(at: instant)
            if got != expected {
                mismatches += 1
                if mismatches <= 3 {
                    XCTFail(
                        "\(tz) at \(ReportTimestamp.isoString(epochMilliseconds: instant * 1000)): \(got) ≠ C library's \(expected)",
                        file: file,
                        line: line
                    )
                }
            }
        }
        XCTAssertEqual(mismatches, 0, "\(tz): instants that differ", file: file, line: line)
    }
}

/// "6 months" and "1 year" of a cleanup are calendar months in UTC.
final class RetentionPeriodTests: XCTestCase {
    func testMonthsAreCalendarMonthsEndingOnTheMonthsLastDay() throws {
        func at(_ iso: String) throws -> Int64 { try XCTUnwrap(ReportTimestamp.parseISO(iso)).epochMilliseconds }
        let cases: [(String, RetentionPeriod, String)] = [
            ("2025-08-31T12:34:56.789Z", .months(6), "2025-02-28T12:34:56.789Z"),
            ("2024-08-31T00:00:00.000Z", .months(6), "2024-02-29T00:00:00.000Z"),
            ("2025-01-15T08:00:00.000Z", .months(12), "2024-01-15T08:00:00.000Z"),
            ("2024-02-29T23:59:59.999Z", .months(24), "2022-02-28T23:59:59.999Z"),
            ("2025-03-31T06:00:00.000Z", .months(1), "2025-02-28T06:00:00.000Z"),
            ("2025-05-10T00:00:00.000Z", .days(10), "2025-04-30T00:00:00.000Z"),
        ]
        for (now, period, expected) in cases {
            XCTAssertEqual(period.cutoff(now: try at(now)).map { ReportTimestamp.isoString(epochMilliseconds: $0) }, expected, "\(now) \(period)")
        }
        XCTAssertNil(RetentionPeriod.nothing.cutoff(now: 0))
    }
}
