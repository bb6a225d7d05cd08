import AsyncHTTPClient
import FoundationEssentials
import NIOCore

/// Posts reports to a running server's `POST /api/upload`, for `duplistatus import --url`: the
/// server stores them by its own rules and the answers are counted like a local import's.
struct UploadClient: ReportReceiver {
    /// The server could not be reached or answered something that is not the upload's answer.
    struct Failure: Error, CustomStringConvertible {
        /// One sentence for stderr.
        let description: String
    }

    /// The server's address, e.g. `http://nas:9666`, without a trailing slash.
    let baseURL: String
    /// The time one upload may take.
    var timeoutSeconds: Int64 = 60
    /// The server's upload token, sent as a bearer token so it stays out of URLs and their logs.
    var uploadToken: String?

    /// A client for `url` (`http://host:port`, a path prefix allowed); nil when it is not http(s).
    init?(url: String) {
        let trimmed = String(ReportText.trimmed(url))
        guard trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://") else { return nil }
        baseURL = trimmed.hasSuffix("/") ? String(trimmed.dropLast()) : trimmed
    }

    func deliver(body: [UInt8], naming: UploadNaming) async throws -> ImportedReport {
        try await post(body, naming: naming)
    }

    func deliver(json: ReportJSON, naming: UploadNaming) async throws -> ImportedReport {
        try await post(Array(try JSONEncoder().encode(json)), naming: naming)
    }

    /// Fails fast, with the reason, when the server cannot be reached or is not a duplistatus
    /// server: `GET /api/health` within 5 seconds. (A failed connection is otherwise retried until
    /// an upload's own deadline.)
    func check() async throws {
        let status: UInt
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: baseURL + "/api/health"), timeout: .seconds(5))
            status = response.status.code
            _ = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw Failure(description: "cannot reach \(baseURL): \(error)")
        }
        guard status == 200 || status == 503 else {
            throw Failure(description: "\(baseURL)/api/health answered HTTP \(status); is it a duplistatus server?")
        }
    }

    /// The upload URL with the naming as its query.
    func uploadURL(_ naming: UploadNaming) -> String {
        let query = [("serverName", naming.serverName), ("serverId", naming.serverId), ("backupName", naming.backupName)]
            .compactMap { name, value in value.map { "\(name)=\(PageLink.query($0))" } }
        return baseURL + "/api/upload" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// POSTs one body and reads the upload's answer.
    private func post(_ body: [UInt8], naming: UploadNaming) async throws -> ImportedReport {
        var request = HTTPClientRequest(url: uploadURL(naming))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let uploadToken { request.headers.add(name: "Authorization", value: "Bearer \(uploadToken)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let status: UInt
        let answer: Answer?
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeoutSeconds))
            status = response.status.code
            let bytes = try await response.body.collect(upTo: 1 << 20)
            answer = try? JSONDecoder().decode(Answer.self, from: Data(bytes.readableBytesView))
        } catch {
            throw Failure(description: "cannot post to \(baseURL)/api/upload: \(error)")
        }
        switch (status, answer?.data) {
        case (201, let data?):
            return .stored(id: data.backupId ?? "")
        case (200, let data?) where data.duplicate == true:
            return .duplicate(id: data.backupId ?? "")
        case (200, let data?) where data.ignored == true:
            return .ignored(operation: data.operation ?? "")
        case (401, _):
            // Every other report would be refused alike.
            throw Failure(
                description: "\(baseURL) needs its upload token: pass --upload-token-file (or set DUPLISTATUS_UPLOAD_TOKEN_FILE)"
            )
        case (400..<500, _):
            return .rejected(reason: answer?.message ?? "the server answered HTTP \(status)")
        default:
            let reason = answer?.message.map { ": \($0)" } ?? ""
            throw Failure(description: "\(baseURL)/api/upload answered HTTP \(status)\(reason); is it a duplistatus server?")
        }
    }

    /// The parts of the upload's answer (api.md's envelope) that tell what happened.
    struct Answer: Decodable {
        struct Payload: Decodable {
            var backupId: String?
            var duplicate: Bool?
            var ignored: Bool?
            var operation: String?
        }

        var message: String?
        var data: Payload?
    }
}
