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
        let document: ReportJSON
        do {
            document = try ReportJSONParser.parse(Array(bytes.readableBytesView))
        } catch {
            throw APIError(.validation, "Malformed JSON: \(error.reason) at byte \(error.offset)")
        }
        do {
            return try JSONDecoder().decode(Value.self, from: Data(bytes.readableBytesView))
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // The document parsed, so this is JSONDecoder refusing a number for its field (a
            // fraction, an exponent or too large a value where a whole number belongs) with "not
            // valid JSON" and no path; the document's numbers that are not whole say where.
            guard let field = Self.numbersNotWhole(in: document).first else { throw APIError(.validation, "A value does not fit its field") }
            throw APIError(.validation, "Field '\(field)' must be a whole number", details: ["field": .string(field)])
        } catch let error as DecodingError {
            throw APIError(decoding: error)
        }
    }

    /// The paths (`a.b[2]`, as `APIError.fieldPath` writes them) of the numbers in `json` that are
    /// not whole 64-bit integers: array items in order, object members by name (as the parsed
    /// document keeps them).
    static func numbersNotWhole(in json: ReportJSON, at path: String = "") -> [String] {
        switch json {
        case .double: return [path.isEmpty ? "(body)" : path]
        case .array(let items): return items.enumerated().flatMap { numbersNotWhole(in: $1, at: path + "[\($0)]") }
        case .object(let members):
            return members.flatMap { numbersNotWhole(in: $0.value, at: path.isEmpty ? $0.key : path + "." + $0.key) }
        case .null, .bool, .int, .string: return []
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
            throw APIError.payloadTooLarge(limit: limit, path: uri.path)
        }
    }
}
