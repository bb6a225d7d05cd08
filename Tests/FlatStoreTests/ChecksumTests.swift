import CZlib
import XCTest
import Zlib

/// `Checksum.crc32` folds with carry-less multiplication (`Sources/CCRC32`); every line of every
/// data file is checked with it, so it must give zlib's value for every length, seed and alignment.
final class ChecksumTests: XCTestCase {
    /// zlib's own CRC-32, the reference.
    private func zlibCRC(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> UInt32 {
        guard let base = bytes.baseAddress else { return seed }
        return UInt32(CZlib.crc32_z(UInt(seed), base.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    func testTheFastPathRunsWhereTheCPUHasCarrylessMultiplication() throws {
        #if arch(x86_64) && os(Linux)
        let flags = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        XCTAssertEqual(Checksum.isFolding, flags.contains(" pclmulqdq"), "the comparisons below would only compare zlib with itself")
        #endif
    }

    func testEveryLengthSeedAndAlignmentGivesZlibsValue() {
        var generator = SeededRandom(seed: 2026)
        let buffer = (0..<8_192).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        buffer.withUnsafeBytes { all in
            for length in 0...1_100 {
                for start in [0, 1, 7, 8, 15] {
                    let seed = UInt32(truncatingIfNeeded: generator.next())
                    let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    XCTAssertEqual(Checksum.crc32(bytes, seed: seed), zlibCRC(bytes, seed: seed), "length \(length), start \(start)")
                }
            }
            for _ in 0..<300 {
                let start = Int(generator.next() % 64)
                let length = Int(generator.next() % UInt64(all.count - start))
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                XCTAssertEqual(Checksum.crc32(bytes, seed: 0), zlibCRC(bytes, seed: 0), "length \(length)")
            }
        }
    }

    func testLargeAndUniformBuffersAndChainedPieces() {
        var generator = SeededRandom(seed: 7)
        let large = (0..<(3 << 20) + 37).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for bytes in [large, [UInt8](repeating: 0, count: 70_000), [UInt8](repeating: 0xFF, count: 70_001)] {
            bytes.withUnsafeBytes { raw in
                XCTAssertEqual(Checksum.crc32(raw), zlibCRC(raw, seed: 0))
                // A line's checksum is built from pieces: continuing from a seed is the same as one pass.
                let cut = raw.count / 3 + 5
                let first = Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[..<cut]))
                XCTAssertEqual(Checksum.crc32(UnsafeRawBufferPointer(rebasing: raw[cut...]), seed: first), zlibCRC(raw, seed: 0))
            }
        }
        XCTAssertEqual(Checksum.crc32(Array("123456789".utf8)), 0xCBF4_3926, "the standard check value")
    }
}
