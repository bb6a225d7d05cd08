import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Sends one HTTP POST: the seam between the notification channels and the network.
protocol HTTPPoster: Sendable {
    /// POSTs `body` to `url` with `headers`; the status and up to 1 KiB of the answer.
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws(DeliveryError) -> (status: Int, body: String)
}

/// The live poster on the outside services' HTTP client (`HTTPClient.outsideServices`), with a whole-request timeout.
struct LiveHTTPPoster: HTTPPoster {
    /// The time one request may take.
    var timeoutSeconds: Int = 20

    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws(DeliveryError) -> (status: Int, body: String) {
        guard let parsed = try? HTTPClient.Request(url: url), let host = parsed.url.host else {
            throw .configuration("'\(url.prefix(200))' is not an http(s) URL")
        }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await HTTPClient.outsideServices.execute(request, timeout: .seconds(Int64(timeoutSeconds)))
            let answer = try await response.body.collect(upTo: 64 * 1024)
            return (Int(response.status.code), String(decoding: answer.readableBytesView.prefix(1024), as: UTF8.self))
        } catch {
            throw DeliveryError.classify(error, host: host, port: parsed.port, timeoutSeconds: timeoutSeconds)
        }
    }
}
