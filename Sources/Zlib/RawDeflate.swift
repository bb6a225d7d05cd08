import CZlib

/// One-shot raw deflate streams (no zlib or gzip wrapper), for callers that frame the data
/// themselves, such as FlatStore's block-compressed log segments.
public enum RawDeflate {
    /// Compresses `input` into one complete raw deflate stream at `level` (0–9).
    public static func compress(_ input: UnsafeRawBufferPointer, level: Int32) -> [UInt8] {
        var stream = z_stream()
        // Negative window bits select a raw stream: the caller writes its own header and trailer.
        let status = deflateInit2_(
            &stream,
            level,
            Z_DEFLATED,
            -15,
            8,
            Z_DEFAULT_STRATEGY,
            ZLIB_VERSION,
            Int32(MemoryLayout<z_stream>.size)
        )
        precondition(status == Z_OK, "zlib deflateInit2 failed")
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))))
        let produced = output.withUnsafeMutableBytes { raw -> Int in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = raw.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(raw.count)
            // deflateBound leaves room for the whole stream, so one call finishes it.
            let result = deflate(&stream, Z_FINISH)
            precondition(result == Z_STREAM_END, "zlib deflate did not finish within deflateBound")
            return raw.count - Int(stream.avail_out)
        }
        output.removeSubrange(produced...)
        return output
    }

    /// Inflates the raw deflate stream `input` into `output`, which it must fill exactly; false
    /// when the stream is corrupt, ends early or holds more than `output.count` bytes.
    public static func inflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Bool {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return false }
        defer { inflateEnd(&stream) }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        stream.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(output.count)
        let status = CZlib.inflate(&stream, Z_FINISH)
        return status == Z_STREAM_END && stream.avail_out == 0
    }
}
