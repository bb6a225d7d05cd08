import CZlib

// zlib's one home in the package: FlatStore's snapshots and the HTTP layer's response compression
// both use these streams, so neither has to reach into the other for them.

/// Streaming gzip compression with zlib (the format `zcat` and `zgrep` read).
public final class GzipCompressor {
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var finished = false

    /// Starts a gzip stream at `level` (0–9).
    public init(level: Int32 = 6) {
        stream.initialize(to: z_stream())
        // windowBits 15 + 16 selects the gzip wrapper (header, CRC-32 and length trailer).
        let status = deflateInit2_(
            stream,
            level,
            Z_DEFLATED,
            15 + 16,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        precondition(status == Z_OK, "zlib deflateInit2 failed")
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
    }

    /// Compresses `input`, appending any output produced so far to `output`.
    public func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        run(input, flush: Z_NO_FLUSH, into: &output)
    }

    /// Ends the stream, appending the remaining output and the gzip trailer.
    public func finish(into output: inout [UInt8]) {
        guard !finished else { return }
        finished = true
        run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH, into: &output)
    }

    /// Compresses a whole buffer into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        let compressor = GzipCompressor(level: level)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 3 + 64)
        bytes.withUnsafeBytes { compressor.compress($0, into: &output) }
        compressor.finish(into: &output)
        return output
    }

    private func run(_ input: UnsafeRawBufferPointer, flush: Int32, into output: inout [UInt8]) {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        repeat {
            let produced = chunk.withUnsafeMutableBytes { raw -> Int in
                stream.pointee.next_out = raw.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(raw.count)
                _ = deflate(stream, flush)
                return raw.count - Int(stream.pointee.avail_out)
            }
            output.append(contentsOf: chunk[0..<produced])
        } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && stream.pointee.avail_in > 0)
    }
}

/// Streaming gzip decompression with zlib; reports truncated or corrupt input.
public final class GzipDecompressor {
    /// The input is not a valid gzip stream.
    public struct Corrupt: Error {}

    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    /// Whether the stream's trailer was read (and, when checked, its CRC-32 and length matched).
    public private(set) var finished = false
    /// Input bytes given after the stream's end (which `decompress` ignores).
    public private(set) var trailingBytes = 0

    /// Starts reading one gzip stream. `checksTrailer: false` skips computing the CRC-32 of the
    /// output, for a reader that checks every byte of it another way (per-line checksums).
    public init(checksTrailer: Bool = true) {
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "zlib inflateInit2 failed")
        if !checksTrailer { inflateValidate(stream, 0) }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses `input`, appending the output to `output`.
    public func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws {
        guard !finished else {
            trailingBytes += input.count
            return
        }
        guard input.count > 0 else { return }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while stream.pointee.avail_in > 0 && !finished {
            let (status, produced) = chunk.withUnsafeMutableBytes { raw -> (Int32, Int) in
                stream.pointee.next_out = raw.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(raw.count)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, raw.count - Int(stream.pointee.avail_out))
            }
            output.append(contentsOf: chunk[0..<produced])
            switch status {
            case Z_STREAM_END:
                finished = true
                trailingBytes += Int(stream.pointee.avail_in)
            case Z_OK: continue
            case Z_BUF_ERROR where produced > 0: continue
            default: throw Corrupt()
            }
        }
    }
}
