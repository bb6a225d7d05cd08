import FoundationEssentials
import Hummingbird

/// Whether a request without a `Content-Type` is read as JSON anyway.
enum MissingContentType: Sendable {
    /// 415, as for every JSON endpoint.
    case reject
    /// Accepted, for `/api/upload`: some Duplicati versions send no content type.
    case tolerate
}

extension Request {
    /// Reads and decodes a JSON body under the context's limit.
    func decodeJSON<Value: Decodable>(
        as type: Value.Type,
        context: AppRequestContext,
        missingContentType: MissingContentType = .reject
    ) async throws -> Value {
        try await decodeJSON(as: type, limit: context.maxBodyBytes, missingContentType: missingContentType)
    }

    /// Reads and decodes a JSON body: 415 for another content type, 413 above `limit`, 400 naming
    /// the problem when the JSON is malformed or does not fit `Value`.
    func decodeJSON<Value: Decodable>(
        as type: Value.Type,
        limit: Int,
        missingContentType: MissingContentType = .reject
    ) async throws -> Value {
        try requireJSONContentType(missingContentType)
        let bytes = try await collectBody(limit: limit)
        guard bytes.readableBytes > 0 else { throw APIError(.validation, "Request body is empty; a JSON document is required") }
        // The strict parser first: JSONDecoder lets a trailing comma through, and where it refuses
        // it does not say where. It parses once more what JSONDecoder then reads: cheap for settings
        // documents (a few KB; the job settings of 700 jobs about 100 KB), and uploads do not come here.
        do {
            _ = try ReportJSONParser.parse(Array(bytes.readableBytesView))
        } catch {
            throw APIError(.validation, "Malformed JSON: \(error.reason) at byte \(error.offset)")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes.readableBytesView))
        } catch let error as DecodingError {
            throw APIError(decoding: error)
        }
    }

    /// Throws 415 unless the content type is JSON (`application/json` or any `+json` type).
    func requireJSONContentType(_ missing: MissingContentType) throws {
        guard let header = headers[.contentType] else {
            guard missing == .tolerate else {
                throw APIError(.unsupportedMediaType, "Content-Type is missing; send application/json")
            }
            return
        }
        let mediaType = header.split(separator: ";").first?.headerToken ?? ""
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else {
            throw APIError(.unsupportedMediaType, "Content-Type \(mediaType) is not supported; send application/json")
        }
    }

    /// Collects the body, turning the too-many-bytes error into the 413 envelope that names the limit.
    func collectBody(limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: limit)
        }
    }
}
