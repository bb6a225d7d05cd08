import FoundationEssentials
import Hummingbird

/// The body of every API response (api.md §1): `status`, then `data` or `error`/`message`/`details`.
struct APIEnvelope<Payload: Encodable & Sendable>: Encodable, Sendable {
    /// The envelope's `status` field.
    enum Status: String, Encodable, Sendable {
        case success, error
    }

    /// Whether the request succeeded.
    var status: Status
    /// The error name, on failure.
    var error: String?
    /// The payload; an error may carry one too (health's 503 does).
    var data: Payload?
    /// Optional human text.
    var message: String?
    /// Machine-readable specifics of an error.
    var details: [String: JSONValue]?
}

/// The empty payload of envelopes that carry none.
struct NoPayload: Encodable, Sendable {}

/// What a handler returns: an envelope and the status and headers to send it with.
struct APIResponse<Payload: Encodable & Sendable>: ResponseGenerator, Sendable {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// The body.
    var envelope: APIEnvelope<Payload>

    /// A 200 (or `status`) success envelope around `data`.
    static func success(_ data: Payload, message: String? = nil, status: HTTPResponse.Status = .ok) -> Self {
        Self(status: status, envelope: APIEnvelope(status: .success, data: data, message: message))
    }

    /// An error envelope that still carries `data`, for clients that read both (health's 503).
    static func failure(_ error: APIError, data: Payload) -> Self {
        Self(
            status: error.code.status,
            envelope: APIEnvelope(
                status: .error,
                error: error.code.rawValue,
                data: data,
                message: error.message,
                details: error.details
            )
        )
    }

    /// Encodes the envelope as the response body.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        if let bytes = try? envelope.writtenDirectly() {
            return Response.json(bytes: bytes, status: status)
        }
        return Response.json(envelope, status: status)
    }
}

extension Response {
    /// A JSON response; encoding our own envelope types cannot fail, but if it ever did the
    /// client still gets a well-formed error envelope rather than an empty body.
    static func json(_ value: some Encodable, status: HTTPResponse.Status) -> Response {
        let bytes: Data
        let finalStatus: HTTPResponse.Status
        do {
            bytes = try APIJSON.encoder().encode(value)
            finalStatus = status
        } catch {
            bytes = Data(#"{"status":"error","error":"InternalServerError","message":"Response could not be encoded"}"#.utf8)
            finalStatus = .internalServerError
        }
        return json(bytes: bytes, status: finalStatus)
    }

    /// A response whose body is the JSON `bytes`.
    static func json(bytes: some Sequence<UInt8>, status: HTTPResponse.Status) -> Response {
        let buffer = ByteBuffer(bytes: bytes)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .contentLength: String(buffer.readableBytes)],
            body: .init(byteBuffer: buffer)
        )
    }
}
