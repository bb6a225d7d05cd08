import Hummingbird
import XCTest

@testable import Server

/// The route table's `Allow` computation agrees with what the router actually serves.
final class APIRouteTests: XCTestCase {
    func testLiteralPathsWinOverParameters() {
        XCTAssertEqual(APIRoute.allowedMethods(atRequestPath: "/api/servers/merge"), [.post])
        XCTAssertEqual(APIRoute.allowedMethods(atRequestPath: "/api/v1/servers/duplicates"), [.get, .head])
        XCTAssertEqual(
            Set(APIRoute.allowedMethods(atRequestPath: "/api/servers/nas-1")),
            [.get, .head, .put, .patch, .delete]
        )
        XCTAssertEqual(APIRoute.allowedMethods(atRequestPath: "/api/nothing-here"), [])
    }

    func testWrongMethodOnALiteralPathAnswers405WithItsAllow() async throws {
        let directory = TestDataDirectory.make("route", for: self)
        let app = try await buildApplication(
            TestDataDirectory.config(directory)
        )
        try await app.test(.router) { client in
            let result = try await client.request(.put, "/api/servers/merge", as: Ignored.self)
            result.assertError(.methodNotAllowed, "MethodNotAllowedError", "use POST")
            XCTAssertEqual(result.headers[.allow], "POST")
        }
    }
}
