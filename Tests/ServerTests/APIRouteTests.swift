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

    func testAPathsSegmentsAreWhatSplittingAtSlashesLeaves() {
        for path in ["", "/", "//", "api", "/api/upload", "//api//v1/servers/nas-1//", "/caf\u{E9}/x/", "/a\u{301}/b", "/\u{301}a", "x\u{600}/y"] {
            XCTAssertEqual(Array(PathSegments(path)), path.split(separator: "/"), path)
        }
    }

    func testARouteIsNamedByExactlyThePathsMatchingPicksItFor() {
        // Every route's own path (parameters filled in, `merge` where a literal could shadow them)
        // under each prefix, and a few that name nothing.
        var paths = ["/", "", "/api", "/api/nothing-here", "/api/servers/merge", "/api/servers/merge/x"]
        for route in APIRoute.allCases {
            for filler in ["x", "merge"] {
                let path = route.path.split(separator: "/").map { $0.hasPrefix(":") ? filler : String($0) }.joined(separator: "/")
                paths += APIRoute.prefixes.map { "/\($0)/\(path)" } + ["/\(path)", "/api/\(path)/"]
            }
        }
        for path in Set(paths) {
            let chosen = APIRoute.matching(path)
            for route in APIRoute.allCases {
                XCTAssertEqual(route.isNamed(by: path), chosen.contains(route), "\(route) at \(path)")
            }
        }
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
