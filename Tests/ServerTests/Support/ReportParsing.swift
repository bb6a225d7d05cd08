import Foundation
import XCTest

@testable import Server

/// The upload parser at a fixed "now" after every sample, so the future-date check never depends
/// on the machine's clock.
enum ReportParsing {
    /// 2027-01-15T08:00:00Z.
    static let now: Int64 = 1_800_000_000_000

    /// The outcome of one body.
    static func parse(_ body: [UInt8], contentType: String? = "application/json") -> UploadParseOutcome {
        UploadParser.parse(body: body, contentType: contentType, now: now)
    }

    /// The run a body maps to; fails the test (and throws) for any other outcome.
    static func run(_ body: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> ParsedRun {
        let outcome = parse(body)
        return try XCTUnwrap(outcome.run, "expected a run, got \(outcome)", file: file, line: line)
    }

    /// The rejection of a body; fails the test (and throws) for any other outcome.
    static func rejection(_ body: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> UploadRejection {
        let outcome = parse(body)
        return try XCTUnwrap(outcome.rejection, "expected a rejection, got \(outcome)", file: file, line: line)
    }

    /// A fixture as a mutable JSON tree, changed by `edit`, serialized again.
    static func edited(_ name: String, _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(try Fixtures.bytes(name))) as? [String: Any])
        edit(&object)
        return Array(try JSONSerialization.data(withJSONObject: object))
    }
}

extension UploadParseOutcome {
    /// The run, when the outcome is one.
    var run: ParsedRun? {
        if case .run(let run) = self { return run }
        return nil
    }

    /// The rejection, when the outcome is one.
    var rejection: UploadRejection? {
        if case .invalid(let rejection) = self { return rejection }
        return nil
    }

    /// The ignored operation, when the outcome is one.
    var ignoredOperation: String? {
        if case .ignored(let operation) = self { return operation }
        return nil
    }
}
