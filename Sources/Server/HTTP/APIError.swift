import Hummingbird

/// An error answered to the client in the error envelope (api.md §1).
struct APIError: Error, Sendable {
    /// The error names of api.md §1, each tied to its HTTP status.
    enum Code: String, CaseIterable, Sendable {
        case validation = "ValidationError"
        case unauthorized = "UnauthorizedError"
        case forbidden = "ForbiddenError"
        case notFound = "NotFoundError"
        case methodNotAllowed = "MethodNotAllowedError"
        case conflict = "ConflictError"
        case tooManyRequests = "TooManyRequestsError"
        case payloadTooLarge = "PayloadTooLargeError"
        case unsupportedMediaType = "UnsupportedMediaTypeError"
        case internalServer = "InternalServerError"
        case badGateway = "BadGatewayError"
        case serviceUnavailable = "ServiceUnavailableError"

        /// The HTTP status answered with this error name.
        var status: HTTPResponse.Status {
            switch self {
            case .validation: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .methodNotAllowed: .methodNotAllowed
            case .conflict: .conflict
            case .tooManyRequests: .tooManyRequests
            case .payloadTooLarge: .contentTooLarge
            case .unsupportedMediaType: .unsupportedMediaType
            case .internalServer: .internalServerError
            case .badGateway: .badGateway
            case .serviceUnavailable: .serviceUnavailable
            }
        }

        /// The error name for a status; statuses the contract does not name fall back by class.
        init(status: HTTPResponse.Status) {
            if let exact = Self.allCases.first(where: { $0.status.code == status.code }) {
                self = exact
            } else {
                self = status.kind == .clientError ? .validation : .internalServer
            }
        }
    }

    /// The wire name and status.
    var code: Code
    /// A sentence for a person; never internals or a stack trace.
    var message: String
    /// Machine-readable specifics, e.g. `missingFields`.
    var details: [String: JSONValue]?
    /// Extra response headers, e.g. `Allow` on a 405.
    var headers: HTTPFields

    /// An error with `code`, a human `message` and optional `details`.
    init(_ code: Code, _ message: String, details: [String: JSONValue]? = nil, headers: HTTPFields = [:]) {
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    /// The generic 500: whatever went wrong stays in the server log.
    static let internalServer = APIError(.internalServer, "An internal error occurred; the server log has the details")

    /// The 413 for a body above `limit` bytes sent to `path`, naming the option that raises the
    /// limit, and for a report what makes one that large.
    static func payloadTooLarge(limit: Int, path: String) -> APIError {
        let mebibytes = limit % 1_048_576 == 0 ? " (\(limit / 1_048_576) MiB)" : ""
        let advice =
            if APIRoute.databaseRestore.isNamed(by: path) {
                "; the server's --max-archive-mb raises it"
            } else if APIRoute.upload.isNamed(by: path) {
                ". A Duplicati report this large holds very many log lines: give the job a smaller "
                    + "--send-http-max-log-lines, or raise the server's --max-body-mb"
            } else {
                "; the server's --max-body-mb raises it"
            }
        return APIError(
            .payloadTooLarge,
            "Request body exceeds the limit of \(limit) bytes\(mebibytes)\(advice)",
            details: ["limitBytes": .integer(limit)]
        )
    }

    /// The error envelope as a response, with the status and any extra headers.
    func response() -> Response {
        let envelope = APIEnvelope<NoPayload>(status: .error, error: code.rawValue, message: message, details: details)
        var response = Response.json(envelope, status: code.status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError: CustomStringConvertible {
    /// The wire name and message, for logs.
    var description: String { "\(code.rawValue): \(message)" }
}
