import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension HTTPClient {
    /// The statuses of `count` POSTs of `body` to `url` sent at once, each on its own connection.
    func statusesOfSimultaneousPosts(_ count: Int, to url: String, contentType: String, body: String) async throws -> [HTTPResponseStatus] {
        try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for _ in 0..<count {
                group.addTask {
                    var request = HTTPClientRequest(url: url)
                    request.method = .POST
                    request.headers.add(name: "Content-Type", value: contentType)
                    request.body = .bytes(ByteBuffer(string: body))
                    return try await self.execute(request, timeout: .seconds(30)).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
