import Foundation
import XCTest

/// `cp -a` of the data directory at random instants while a writer appends, snapshots and
/// compacts: every copy must open as a valid prefix holding everything acknowledged before the copy.
final class CopyWhileRunningTests: XCTestCase {
    func testCopiesTakenAtRandomInstantsOpenAsPrefixes() throws {
        let copies = 24
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try TortureWriter(
            directory: directory,
            extraArguments: [
                "--writers", "4", "--segment-bytes", "32768", "--compact-every-ms", "40", "--snapshot-every-ms", "25",
                "--grace-seconds", "2", "--filler", "300",
            ]
        )
        XCTAssertTrue(writer.waitUntilReady())
        var taken: [(path: String, acks: [String])] = []
        defer { for copy in taken { try? FileManager.default.removeItem(atPath: copy.path) } }
        for index in 0..<copies {
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.08))
            // Everything acknowledged before cp starts must be in the copy.
            let acks = writer.acknowledged
            let copy = directory + "-copy\(index)"
            let cp = Process()
            cp.executableURL = URL(fileURLWithPath: "/bin/cp")
            cp.arguments = ["-a", directory, copy]
            cp.standardError = FileHandle.nullDevice
            try cp.run()
            cp.waitUntilExit()
            taken.append((copy, acks))
        }
        writer.kill()
        for (path, acks) in taken {
            // The copy carries the writer's LOCK file but no process holds its lock.
            let (ok, output) = try tortureCheck(directory: path, acks: acks)
            XCTAssertTrue(ok, "\(path): \(output)")
        }
        XCTAssertEqual(taken.count, copies)
    }
}
