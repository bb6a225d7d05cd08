import CCRC32

/// CRC-32 (zlib's polynomial) over byte ranges, used as the per-line integrity check.
public enum Checksum {
    /// Returns the CRC-32 of `bytes`, continuing from `seed` (0 for a fresh checksum).
    @inlinable
    public static func crc32<C: ContiguousBytes>(_ bytes: C, seed: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { raw -> UInt32 in
            crc32(raw, seed: seed)
        }
    }

    /// Returns the CRC-32 of the raw buffer, continuing from `seed`.
    @inlinable
    public static func crc32(_ raw: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        guard let base = raw.baseAddress, raw.count > 0 else { return seed }
        return ccrc32_update(seed, base.assumingMemoryBound(to: UInt8.self), raw.count)
    }

    /// Whether `crc32` folds with carry-less multiplication on this CPU (otherwise it is zlib's).
    public static var isFolding: Bool { ccrc32_is_folding() != 0 }
}

/// Byte collections whose storage is contiguous, so they can be checksummed without copying.
public protocol ContiguousBytes {
    /// Calls `body` with a pointer to the bytes.
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
extension UnsafeRawBufferPointer: ContiguousBytes {
    /// Calls `body` with the buffer itself.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(self)
    }
}
