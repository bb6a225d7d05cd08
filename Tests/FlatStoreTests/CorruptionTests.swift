import FlatStore
import Foundation
import XCTest

/// Random byte flips and truncations of data files: every one is detected (by `verify` and at open),
/// damaged lines are quarantined or cut off, and every untouched record is still loaded.
final class CorruptionTests: XCTestCase {
    struct Line {
        var start: Int
        var end: Int  // index of the newline
        var key: String
    }

    func testFlipsAndTruncationsAreDetectedAndGoodRecordsKept() async throws {
        let iterations = Int(ProcessInfo.processInfo.environment["FLATSTORE_CORRUPTIONS"] ?? "") ?? 1000
        let pristine = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: pristine) }
        // `always`: every commit group records how much of the log was durable before it, which is
        // what lets recovery tell bit rot (keep what follows) from a torn write (cut it off).
        var options = testOptions(pristine, fsync: .always)
        options.segmentMaxBytes = 6 << 10
        options.snapshotOnClose = false
        let store = try FlatStore.open(options, schema: .notes)
        for index in 0..<240 {
            try await store.put(Note(id: "k\(index)", group: "g\(index % 7)", time: Int64(index), text: "text \(index) ✓"))
        }
        store.closeBlocking()

        let fileManager = FileManager.default
        let dataFiles = try fileManager.contentsOfDirectory(atPath: pristine).filter { $0.hasSuffix(".jsonl") && $0.hasPrefix("log-") }.sorted()
        XCTAssertGreaterThan(dataFiles.count, 3)
        var contents: [String: [UInt8]] = [:]
        var lines: [String: [Line]] = [:]
        for name in dataFiles {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pristine + "/" + name)))
            contents[name] = bytes
            var start = 0
            for (index, byte) in bytes.enumerated() where byte == 0x0A {
                let object = try JSONSerialization.jsonObject(with: Data(bytes[start..<index])) as? [String: Any]
                lines[name, default: []].append(Line(start: start, end: index, key: object?["k"] as? String ?? ""))
                start = index + 1
            }
        }
        // Start markers carry no key; damage to one loses no record.
        let allKeys = Set(lines.values.joined().map(\.key)).subtracting([""])

        let work = pristine + "-work"
        defer { try? fileManager.removeItem(atPath: work) }
        var detected = 0
        for iteration in 0..<iterations {
            try? fileManager.removeItem(atPath: work)
            try fileManager.copyItem(atPath: pristine, toPath: work)
            let name = dataFiles.randomElement()!
            var bytes = contents[name]!
            var lost: Set<String> = []
            if iteration % 2 == 0 {
                let position = Int.random(in: 0..<bytes.count)
                bytes[position] ^= UInt8.random(in: 1...255)
                // The line holding the byte is damaged; a flipped newline also merges in the next line.
                for line in lines[name]! where line.start <= position && position <= line.end { lost.insert(line.key) }
                if let next = lines[name]!.first(where: { $0.start == position + 1 }), contents[name]![position] == 0x0A {
                    lost.insert(next.key)
                }
            } else {
                // Strictly inside a line: a cut at a line boundary of the newest log is just an earlier crash.
                var position = Int.random(in: 1..<bytes.count)
                while bytes[position - 1] == 0x0A { position = Int.random(in: 1..<bytes.count) }
                bytes.removeSubrange(position...)
                for line in lines[name]! where line.end >= position { lost.insert(line.key) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: work + "/" + name))

            let report = try FlatStore.verify(testOptions(work))
            XCTAssertFalse(report.isClean, "iteration \(iteration): damage in \(name) not reported")
            if !report.isClean { detected += 1 }

            let reopened = try FlatStore.open(testOptions(work), schema: .notes)
            let recovered = Set(reopened.read { view in view.all(Note.self).map(\.key) })
            let recovery = reopened.statistics().recovery
            reopened.closeBlocking()
            let missing = allKeys.subtracting(lost).subtracting(recovered)
            XCTAssertEqual(missing, [], "iteration \(iteration): good records lost after damage in \(name)")
            XCTAssertTrue(recovered.isSubset(of: allKeys), "iteration \(iteration): garbage loaded")
            XCTAssertTrue(
                !recovery.quarantined.isEmpty || recovery.truncatedTail != nil || !recovery.missing.isEmpty,
                "iteration \(iteration): open did not report the damage"
            )
            if missing.count > 0 { break }
        }
        print("corruptions: \(iterations), detected: \(detected)")
        XCTAssertEqual(detected, iterations)
    }
}
