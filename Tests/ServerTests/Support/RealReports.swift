import Foundation
import XCTest

/// Many distinct runs made from one real Duplicati report, each with its own machine and start
/// time, so tests can fill a store with what Duplicati actually sends. Read-only once made.
struct RealReports: @unchecked Sendable {
    /// The real report every run is made from.
    static let sampleName = "real-trimmed-backup-success-2.1.0.5-duplistatus-docs.json"

    private let report: [String: Any]

    /// Reads the real sample.
    init() throws {
        let bytes = try Fixtures.realSample(Self.sampleName)
        report = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    /// The body of run `run` (one a day from November 2023) of machine `machineId`.
    func body(machineId: String, machineName: String, run: Int) throws -> Data {
        let stamp = ISO8601DateFormatter()
        var body = report
        var extra = body["Extra"] as? [String: Any] ?? [:]
        extra["machine-id"] = machineId
        extra["machine-name"] = machineName
        body["Extra"] = extra
        var data = body["Data"] as? [String: Any] ?? [:]
        let begin = Date(timeIntervalSince1970: 1_700_000_000 + Double(run) * 86_400)
        data["BeginTime"] = stamp.string(from: begin)
        data["EndTime"] = stamp.string(from: begin.addingTimeInterval(300))
        body["Data"] = data
        return try JSONSerialization.data(withJSONObject: body)
    }
}
