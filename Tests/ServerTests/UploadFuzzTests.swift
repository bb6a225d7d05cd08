import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// Hostile and broken bodies through `POST /api/upload`: every answer is a stored run that can be
/// read back, a 200 for an ignored report or a duplicate, or a 4xx error envelope; never a 5xx.
final class UploadFuzzTests: XCTestCase {
    /// What the fuzzing saw, by kind of answer.
    struct Tally {
        var stored = 0
        var ignoredOrDuplicate = 0
        var rejected = 0
        var total: Int { stored + ignoredOrDuplicate + rejected }
    }

    /// Posts `body` and checks its answer is one of the three allowed outcomes.
    static func postAndCheck(
        _ client: some TestClientProtocol,
        _ body: [UInt8],
        _ label: @autoclosure () -> String,
        into tally: inout Tally
    ) async throws {
        let result = try await client.request(.post, "/api/upload", as: API.UploadReceipt.self, bytes: ByteBuffer(bytes: body))
        switch result.status.code {
        case 201:
            tally.stored += 1
            let id = try XCTUnwrap(result.data().backupId, label())
            let stored = try await client.get("/api/backups/\(id)", as: API.BackupRunDetail.self)
            XCTAssertEqual(stored.status, .ok, "stored run \(id) does not read back: \(label())")
            XCTAssertEqual(try stored.data().run.id, id, label())
        case 200:
            tally.ignoredOrDuplicate += 1
            let receipt = try result.data()
            XCTAssertTrue(receipt.duplicate == true || receipt.ignored == true, "200 without a reason: \(label())")
        case 400..<500:
            tally.rejected += 1
            XCTAssertEqual(result.envelope.status, "error", label())
            XCTAssertEqual(result.envelope.error, "ValidationError", label())
            XCTAssertFalse(result.envelope.message?.isEmpty ?? true, label())
        default:
            XCTFail("\(result.status.code) for \(label()): \(result.envelope.message ?? "")")
        }
    }

    /// Runs `body` against a fresh server whose clock stands after every sample.
    func withServer(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var config = TestDataDirectory.config(TestDataDirectory.make("fuzz", for: self))
        config.clock = TestClock(ReportParsing.now)
        try await buildApplication(config).test(.router, body)
    }

    func testDeepNestingIsRejectedNotOverflowed() async throws {
        try await withServer { client in
            var tally = Tally()
            try await Self.postAndCheck(client, Array(String(repeating: "[", count: 100_000).utf8), "deep array", into: &tally)
            let deepData = "{\"Data\":" + String(repeating: "{\"a\":", count: 50_000)
            try await Self.postAndCheck(client, Array(deepData.utf8), "deep object", into: &tally)
            XCTAssertEqual(tally.rejected, 2)
        }
    }

    func testTruncatedAndMutatedSamplesAreStoredOrRejected() async throws {
        var samples = try [
            "synthetic-backup-success-2.1.0.5.json", "synthetic-backup-error-2.1.0.5.json",
            "synthetic-backup-fatal-2.1.0.5.json", "synthetic-backup-fatal-2.0.7.1-exception-as-data.json",
            "synthetic-backup-success-2.0.8.1-no-machine-name.json",
            "synthetic-backup-success-many-loglines-deletion-2.1.0.5.json",
            "synthetic-backup-success-truncated-loglines-2.1.0.5.json",
            "synthetic-form-urlencoded-duplicati-text-format-2.1.0.5.txt", "synthetic-restore-2.1.0.5.json",
        ].map(Fixtures.bytes)
        samples.append(Array(ReportRejectionTests.genericExample.utf8))
        let variants = Self.variants(of: samples)
        try await withServer { client in
            var tally = Tally()
            for (index, body) in variants.enumerated() {
                try await Self.postAndCheck(client, body, "variant \(index): \(String(decoding: body.prefix(120), as: UTF8.self))", into: &tally)
            }
            XCTAssertEqual(tally.total, variants.count)
            // The cuts at full length and the harmless mutations store runs; most damage is rejected.
            XCTAssertGreaterThan(tally.stored, 10)
            XCTAssertGreaterThan(tally.rejected, 300)
        }
    }

    /// Every tenth-of-a-body cut of each sample, and 60 seeded random mutations of it.
    static func variants(of samples: [[UInt8]]) -> [[UInt8]] {
        // A fixed-seed generator keeps failures reproducible.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        let interesting: [UInt8] = Array("{}[]\",:-0123456789.eE\\u/ \u{7F}nulltruefalse".utf8) + [0, 0xC3, 0xFF, 0xE2]
        var variants: [[UInt8]] = []
        for sample in samples {
            for cut in stride(from: 0, through: sample.count, by: max(1, sample.count / 10)) {
                variants.append(Array(sample.prefix(cut)))
            }
            for _ in 0..<60 {
                var mutated = sample
                for _ in 0..<(1 + next(4)) {
                    let position = next(mutated.count)
                    switch next(3) {
                    case 0: mutated[position] = interesting[next(interesting.count)]
                    case 1: mutated.remove(at: position)
                    default: mutated.insert(interesting[next(interesting.count)], at: position)
                    }
                }
                variants.append(mutated)
            }
        }
        return variants
    }

    func testFieldLevelMutationsAreStoredOrRejected() async throws {
        // Swap every Data field for values of every other type, one at a time.
        let original = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(try Fixtures.bytes("synthetic-backup-success-2.1.0.5.json"))) as? [String: Any]
        )
        let data = try XCTUnwrap(original["Data"] as? [String: Any])
        let replacements: [Any] = [
            NSNull(), "x", "", -1, 1.5, 1e300, true, [1], ["k": "v"], "0001-01-01T00:00:00",
            "-10675199.02:48:05.4775808", "9999-12-31T23:59:59Z",
        ]
        var bodies: [(String, [UInt8])] = []
        for key in data.keys.sorted() {
            for replacement in replacements {
                var copy = original
                var changed = data
                changed[key] = replacement
                copy["Data"] = changed
                bodies.append(("Data.\(key) = \(replacement)", Array(try JSONSerialization.data(withJSONObject: copy))))
            }
        }
        let cases = bodies
        try await withServer { client in
            var tally = Tally()
            for (label, body) in cases { try await Self.postAndCheck(client, body, label, into: &tally) }
            XCTAssertEqual(tally.total, cases.count)
            // A wrong BeginTime, Duration or ParsedResult is refused; most other fields are optional or counters.
            XCTAssertGreaterThan(tally.rejected, 30)
            XCTAssertGreaterThan(tally.stored + tally.ignoredOrDuplicate, 30)
        }
    }
}
