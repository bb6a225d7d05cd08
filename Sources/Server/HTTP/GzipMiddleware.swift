import Hummingbird
import Zlib

/// Gzips responses for clients that accept it, when the body is text and large enough to gain.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Smaller bodies go out as they are: the gzip header and CPU cost outweigh the saving.
    let minimumBytes: Int
    /// Larger bodies are left alone, since compressing them whole would hold them in memory twice.
    var maximumBytes = 32 << 20
    /// Larger bodies are compressed on Swift's thread pool: on the event loop that answers them,
    /// the milliseconds it takes would hold up the loop's other connections.
    var poolBytes = 1 << 20

    /// Compresses the response below when worthwhile.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // The length first: most answers (an upload's receipt, the summary) are too small, and
        // reading the content type lowercases a copy of it.
        guard let length = response.body.contentLength, length >= minimumBytes, length <= maximumBytes,
            response.headers[.contentEncoding] == nil, Self.isCompressible(response.headers[.contentType])
        else { return response }
        // Whether this answer is compressed depends on Accept-Encoding, accepted or not.
        response.headers.append(HTTPFields.Element(name: .vary, value: "Accept-Encoding"))
        guard Self.acceptsGzip(request.headers[.acceptEncoding]) else { return response }

        let collector = BodyCollector()
        try await response.body.write(collector)
        let plain = Array(collector.buffer.readableBytesView)
        let compressed =
            plain.count > poolBytes
            ? await withTaskExecutorPreference(globalConcurrentExecutor) { GzipCompressor.compress(plain) }
            : GzipCompressor.compress(plain)
        guard compressed.count < plain.count else {
            response.body = .init(byteBuffer: collector.buffer)
            return response
        }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = String(compressed.count)
        response.body = .init(byteBuffer: ByteBuffer(bytes: compressed))
        return response
    }

    /// Whether `Accept-Encoding` admits gzip (by name or `*`) with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map(\.headerToken)
            guard let name = parts.first, ["gzip", "x-gzip", "*"].contains(name) else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 { return true }
        }
        return false
    }

    /// Text formats shrink; images, archives and unknown bodies would not.
    static func isCompressible(_ contentType: String?) -> Bool {
        guard let type = contentType?.lowercased() else { return false }
        return type.hasPrefix("text/") || type.hasPrefix("application/json") || type.contains("+json")
            || type.hasPrefix("application/javascript") || type.hasPrefix("image/svg+xml")
            || type.hasPrefix("application/xml")
    }
}

/// Gathers a response body into one buffer so it can be compressed whole.
private final class BodyCollector: ResponseBodyWriter {
    /// Everything written so far.
    var buffer = ByteBuffer()

    /// Appends one part.
    func write(_ part: ByteBuffer) async throws {
        var part = part
        buffer.writeBuffer(&part)
    }

    /// Trailers are dropped: none of our responses send them.
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
