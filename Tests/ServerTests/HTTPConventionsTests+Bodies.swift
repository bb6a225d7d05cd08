import FlatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import XCTest
import Zlib

@testable import Server

/// Compression, body limits, JSON bodies, error mapping and the data-directory lock.
extension HTTPConventionsTests {
    func testGzipWhenAcceptedAndIdentityOtherwise() async throws {
        let app = try await buildApplication(config())
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/health", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"]) { response in
                XCTAssertEqual(response.headers[.contentEncoding], "gzip")
                XCTAssertTrue(response.headers[values: .vary].contains("Accept-Encoding"))
                let bytes = Array(response.body.readableBytesView)
                XCTAssertEqual(Array(bytes.prefix(2)), [0x1f, 0x8b])
                XCTAssertEqual(response.headers[.contentLength], String(bytes.count))
                let envelope = try JSONDecoder().decode(API.Envelope<API.Health>.self, from: Data(try gunzip(bytes)))
                XCTAssertEqual(envelope.data?.health, "healthy")
            }
            for refused in [nil, "gzip;q=0", "identity"] as [String?] {
                var headers: HTTPFields = [:]
                headers[.acceptEncoding] = refused
                let result = try await client.request(.get, "/api/health", as: API.Health.self, headers: headers)
                XCTAssertNil(result.headers[.contentEncoding], refused ?? "no header")
                XCTAssertEqual(try result.data().health, "healthy")
            }
        }
    }

    func testBodyOverTheLimitAnswers413Envelope() async throws {
        let app = try await buildApplication(config(maxBodyBytes: 64))
        try await app.test(.router) { client in
            let body = ByteBuffer(string: String(repeating: "x", count: 1000))
            let result = try await client.request(.post, "/api/health", as: Ignored.self, bytes: body)
            result.assertError(.contentTooLarge, "PayloadTooLargeError", "64 bytes")
            XCTAssertEqual(result.envelope.details?["limitBytes"], .number(64))
        }
    }

    func testJSONBodyHelperNamesEachProblem() async throws {
        let ok = try await jsonRequest(#"{"name":"a","count":2}"#, contentType: "application/json; charset=utf-8")
            .decodeJSON(as: SampleBody.self, limit: 1000)
        XCTAssertEqual(ok.count, 2)
        let missingField = await decodingFailure(#"{"name":"a"}"#)
        XCTAssertEqual(missingField?.code, .validation)
        XCTAssertEqual(missingField?.details?["missingFields"], ["count"])
        let wrongType = await decodingFailure(#"{"name":"a","count":"two"}"#)
        XCTAssertEqual(wrongType?.message, "Field 'count' must be an integer")
        XCTAssertEqual(wrongType?.details?["field"], .string("count"))
        let null = await decodingFailure(#"{"name":null,"count":1}"#)
        XCTAssertEqual(null?.details?["field"], .string("name"))
        let malformed = await decodingFailure(#"{"name":"#)
        XCTAssertEqual(malformed?.code, .validation)
        XCTAssertTrue(malformed?.message.hasPrefix("Malformed JSON") ?? false, malformed?.message ?? "")
        // A trailing comma, which JSONDecoder lets through, is refused with where it is.
        let trailing = await decodingFailure(#"{"name":"a","count":2,}"#)
        XCTAssertEqual(trailing?.code, .validation)
        XCTAssertTrue(trailing?.message.hasPrefix("Malformed JSON: ") ?? false, trailing?.message ?? "")
        XCTAssertTrue(trailing?.message.hasSuffix(" at byte 22") ?? false, trailing?.message ?? "")
        let notJSON = await decodingFailure(#"{}"#, contentType: "text/plain")
        XCTAssertEqual(notJSON?.code, .unsupportedMediaType)
        let noContentType = await decodingFailure(#"{}"#, contentType: nil)
        XCTAssertEqual(noContentType?.code, .unsupportedMediaType)
        let tolerated = await decodingFailure(#"{"name":"a"}"#, contentType: nil, missing: .tolerate)
        XCTAssertEqual(tolerated?.code, .validation)
        let tooLarge = await decodingFailure(String(repeating: " ", count: 200), limit: 100)
        XCTAssertEqual(tooLarge?.code, .payloadTooLarge)
    }

    /// A POST with `text` as its body.
    private func jsonRequest(_ text: String, contentType: String?) -> Request {
        var headers: HTTPFields = [:]
        headers[.contentType] = contentType
        return Request(
            head: .init(method: .post, scheme: "http", authority: "localhost", path: "/api/x", headerFields: headers),
            body: .init(buffer: ByteBuffer(string: text))
        )
    }

    /// The `APIError` decoding `text` fails with, or nil if it decodes.
    private func decodingFailure(
        _ text: String,
        contentType: String? = "application/json",
        limit: Int = 1000,
        missing: MissingContentType = .reject
    ) async -> APIError? {
        do {
            _ = try await jsonRequest(text, contentType: contentType)
                .decodeJSON(as: SampleBody.self, limit: limit, missingContentType: missing)
            return nil
        } catch {
            return error as? APIError
        }
    }

    func testThrownErrorsMapToTheirEnvelope() async throws {
        struct Secret: Error { var path = "/etc/secret" }
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // the conversions log on purpose; keep test output clean
        let unknown = APIError(converting: Secret(), logger: logger)
        XCTAssertEqual(unknown.code, .internalServer)
        XCTAssertFalse(unknown.message.contains("secret"))
        let stopped = APIError(converting: StoreError.writesStopped(reason: "disk full"), logger: logger)
        XCTAssertEqual(stopped.code, .serviceUnavailable)
        for code in [Errno.noSpace, Errno.quotaExceeded] {
            let full = APIError(converting: StoreError.io(FileSystemError(operation: "write", name: "log-000001.jsonl", code: code)), logger: logger)
            XCTAssertEqual(full.code, .serviceUnavailable, "a full disk is waited out, not an internal error")
            XCTAssertTrue(full.message.hasPrefix("The data directory's disk is full (write log-000001.jsonl failed: "), full.message)
        }
        let gone = APIError(
            converting: StoreError.io(FileSystemError(operation: "write", name: "log-000002.jsonl", code: Errno.noEntry)),
            logger: logger
        )
        XCTAssertEqual(gone.code, .serviceUnavailable, "a deleted log is a stopped store, not an internal error")
        XCTAssertTrue(gone.message.contains("restart the server"), gone.message)
        let failed = StoreError.io(FileSystemError(operation: "write", name: "x", code: Errno.io))
        XCTAssertEqual(APIError(converting: failed, logger: logger).code, .internalServer)
        XCTAssertEqual(APIError(converting: HTTPError(.contentTooLarge), logger: logger).code, .payloadTooLarge)
        for code in APIError.Code.allCases {
            XCTAssertEqual(APIError.Code(status: code.status), code)
        }
        let body = try JSONDecoder().decode(API.Envelope<Ignored>.self, from: Data(try await collectBody(unknown.response())))
        XCTAssertEqual(body.error, "InternalServerError")
    }

    func testOnlyTheRestoreRouteGetsTheArchiveLimit() {
        let restores = [
            "/api/admin/database/restore", "/api/v1/admin/database/restore", "/api/admin/database/restore/", "//api//admin/database/restore//",
        ]
        for path in restores {
            XCTAssertTrue(APIRoute.databaseRestore.isNamed(by: path), path)
        }
        for path in ["/api/upload", "/restore", "/api/admin/database/restorex", "/api/admin/restore", "/api/admin/database/backup", "/", ""] {
            XCTAssertFalse(APIRoute.databaseRestore.isNamed(by: path), path)
        }
    }

    func testSecondApplicationOnTheSameDirectoryFailsLocked() async throws {
        let config = config()
        let app = try await buildApplication(config)
        try await app.test(.router) { _ in
            do {
                _ = try await buildApplication(config)
                XCTFail("a second application opened a held data directory")
            } catch let error as StoreError {
                guard case .locked = error else { return XCTFail("unexpected \(error)") }
                XCTAssertTrue(error.description.contains("in use"))
            }
        }
        // Shutdown closed the store and released the lock.
        let again = try await buildApplication(config)
        try await again.test(.router) { _ in }
    }
}

/// A body shape for the JSON helper tests.
struct SampleBody: Decodable {
    var name: String
    var count: Int
}

/// The bytes of a response body.
func collectBody(_ response: Response) async throws -> [UInt8] {
    let collector = BufferWriter()
    try await response.body.write(collector)
    return Array(collector.buffer.readableBytesView)
}

/// Gathers what a response body writes.
final class BufferWriter: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ part: ByteBuffer) async throws { buffer.writeImmutableBuffer(part) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Inflates one gzip member with the shared zlib streams; fails unless the trailer was read and matched.
func gunzip(_ input: [UInt8]) throws -> [UInt8] {
    let decompressor = GzipDecompressor()
    var output: [UInt8] = []
    try input.withUnsafeBytes { try decompressor.decompress($0, into: &output) }
    XCTAssertTrue(decompressor.finished, "the gzip stream ended early")
    return output
}
