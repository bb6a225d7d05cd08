import FoundationEssentials
import Hummingbird

extension DuplistatusCompatController {
    /// A server found by the original's rules, or the answer it gives when there is none.
    enum Lookup {
        case found(ServerRecord)
        case failed(Response)
    }

    /// The body `makeBody` gives for the path's server, or the original's answer when there is none.
    func answer(_ context: AppRequestContext, _ makeBody: (ServerRecord) throws -> CompatJSON) throws -> Response {
        switch lookUp(context) {
        case .found(let server): Self.response(.ok, try makeBody(server))
        case .failed(let response): response
        }
    }

    /// The path's server: its exact id, else its exact (case-sensitive) name; several servers of
    /// that name are a 400 listing their ids, none a 404, a malformed `%` escape a 500 — each with
    /// the original's body.
    func lookUp(_ context: AppRequestContext) -> Lookup {
        let raw = context.parameters.get("serverId") ?? ""
        guard let identifier = Self.decodeURIComponent(raw) else {
            return .failed(Self.failure(.internalServerError, "Internal server error", "URI malformed"))
        }
        let servers = backups.servers()
        if let byId = servers.first(where: { $0.id == identifier }) { return .found(byId) }
        let named = servers.filter { $0.name == identifier }
        if named.count > 1 {
            let ids = named.map { $0.id }.joined(separator: ", ")
            var members = Self.errorMembers(
                .badRequest,
                "Multiple servers found with the same name",
                "Multiple servers found with name \"\(identifier)\". Please use the server ID instead of the name. Available IDs: \(ids)"
            )
            members.append(
                (
                    "duplicate_servers",
                    CompatJSON.array(named.map { server in CompatJSON.object([("id", .string(server.id)), ("name", .string(server.name))]) })
                )
            )
            return .failed(Self.response(.badRequest, .object(members)))
        }
        if let server = named.first { return .found(server) }
        return .failed(Self.failure(.notFound, "Server not found", "No server found with identifier: \(identifier)"))
    }

    /// JavaScript's `decodeURIComponent`: every `%XX` decoded, nil ("URI malformed") for an
    /// incomplete escape or bytes that are not UTF-8.
    static func decodeURIComponent(_ text: String) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return text }
        var bytes: [UInt8] = []
        var input = text.utf8.makeIterator()
        while let byte = input.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = input.next()?.hexDigitValue, let low = input.next()?.hexDigitValue else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `{"error", "message", "status"}` with `status`.
    static func failure(_ status: HTTPResponse.Status, _ error: String, _ message: String) -> Response {
        response(status, .object(errorMembers(status, error, message)))
    }

    /// The members every error body of these endpoints starts with.
    static func errorMembers(_ status: HTTPResponse.Status, _ error: String, _ message: String) -> [(String, CompatJSON)] {
        [("error", .string(error)), ("message", .string(message)), ("status", .integer(Int64(status.code)))]
    }

    /// A bare JSON response; the last-backup answers carry the original's no-cache headers (its
    /// `X-Content-Type-Options: nosniff` every answer carries, `SafetyHeadersMiddleware`).
    static func response(_ status: HTTPResponse.Status, _ body: CompatJSON, noStore: Bool = true) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if noStore {
            headers[.cacheControl] = "no-store, no-cache, must-revalidate"
            if let pragma = HTTPFields.Element.Name("Pragma") { headers[pragma] = "no-cache" }
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body.text)))
    }
}
