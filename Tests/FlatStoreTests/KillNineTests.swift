import Foundation
import XCTest

/// Real crashes: a child process writes with `fsync=always`, reporting each acknowledged batch; it is
/// killed with SIGKILL at random moments, and every recovery must hold every acknowledged batch and
/// a no-hole prefix. `FLATSTORE_KILLS=1000` runs the long version.
final class KillNineTests: XCTestCase {
    func testKilledWriterAlwaysRecoversAcknowledgedPrefix() throws {
        let kills = Int(ProcessInfo.processInfo.environment["FLATSTORE_KILLS"] ?? "") ?? 50
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var totalAcks = 0
        for round in 1...kills {
            // Small segments and frequent compactions/snapshots put kills inside every file operation.
            let writer = try TortureWriter(
                directory: directory,
                extraArguments: [
                    "--writers", "8", "--segment-bytes", "65536", "--compact-every-ms", "120",
                    "--snapshot-every-ms", "70", "--retention-seconds", "1", "--filler", "200",
                ]
            )
            XCTAssertTrue(writer.waitUntilReady(), "round \(round): writer did not start")
            Thread.sleep(forTimeInterval: Double.random(in: 0.02...0.25))
            writer.kill()
            let acks = writer.acknowledged
            totalAcks += acks.count
            let (ok, output) = try tortureCheck(directory: directory, acks: acks)
            XCTAssertTrue(ok, "round \(round): \(output)")
            if !ok { break }
        }
        print("kill -9 rounds: \(kills), acknowledged batches checked: \(totalAcks)")
        XCTAssertGreaterThan(totalAcks, kills)
    }
}
