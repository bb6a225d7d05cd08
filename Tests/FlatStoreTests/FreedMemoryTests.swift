#if canImport(Glibc)
import Foundation
import Glibc
import XCTest

@testable import FlatStore

/// Blocks freed in the middle of the heap stay resident until `FreedMemory.release()` hands them
/// back, which is what the store relies on after opening and after bulk maintenance.
final class FreedMemoryTests: XCTestCase {
    func testReleaseReturnsFreedBlocksInTheMiddleOfTheHeap() throws {
        // 64 MB in 4 KB blocks (below glibc's mmap threshold, so from an arena), written so they
        // are resident; every sixteenth block stays allocated, so the freed ones cannot merge
        // into the top of the heap, which glibc would give back without being asked.
        let blockSize = 4096
        var blocks: [UnsafeMutableRawPointer] = []
        for _ in 0..<16_384 {
            let block = try XCTUnwrap(malloc(blockSize))
            memset(block, 0x5A, blockSize)
            blocks.append(block)
        }
        for (index, block) in blocks.enumerated() where index % 16 != 0 { free(block) }
        let before = try residentAnonymousKB()

        FreedMemory.release()

        let after = try residentAnonymousKB()
        for (index, block) in blocks.enumerated() where index % 16 == 0 { free(block) }
        // 60 MB were freed; page alignment and the blocks' headers keep a little of each gap.
        XCTAssertGreaterThan(before - after, 32 * 1024, "resident anonymous memory \(before) kB -> \(after) kB")
    }

    /// `RssAnon` of this process, from /proc/self/status.
    private func residentAnonymousKB() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try XCTUnwrap(Int(line.split { $0 == " " || $0 == "\t" }[1]))
    }
}
#endif
