import Foundation
import XCTest

@testable import Server

/// `docs/openapi.yaml` documents exactly the routes of `APIRoute`, under every prefix.
final class OpenAPIDocumentTests: XCTestCase {
    /// The document, read from the repository this test file sits in.
    static func documentLines() throws -> [Substring] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// An operation as `"get /api/servers/{serverId}"`.
    static func operation(_ method: String, _ path: String) -> String { "\(method.lowercased()) \(path)" }

    /// What the router serves: every route under every prefix, `:name` written `{name}`.
    static func routedOperations() -> Set<String> {
        var operations: Set<String> = []
        for prefix in APIRoute.prefixes {
            for route in APIRoute.allCases {
                let segments = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                for method in route.methods {
                    operations.insert(operation(method.rawValue, "/\(prefix)/" + segments.joined(separator: "/")))
                }
            }
        }
        return operations
    }

    /// The router's table and the document list the same operations; outside `/api` only `/metrics`.
    func testEveryRouteIsDocumentedUnderEveryPrefixAndNothingElse() throws {
        let document = try OpenAPIPaths(lines: Self.documentLines())
        let documented = try document.operations()
        let apiOperations = documented.filter { $0.split(separator: " ")[1].hasPrefix("/api/") }
        let routed = Self.routedOperations()

        let methods = APIRoute.allCases.reduce(0) { $0 + $1.methods.count }
        XCTAssertEqual(routed.count, methods * APIRoute.prefixes.count, "two routes share method and path")
        for missing in routed.subtracting(apiOperations).sorted() { XCTFail("not documented in docs/openapi.yaml: \(missing)") }
        for extra in apiOperations.subtracting(routed).sorted() { XCTFail("documented but not in APIRoute: \(extra)") }
        XCTAssertEqual(documented.subtracting(apiOperations), [Self.operation("GET", "/metrics")], "outside /api only GET /metrics")
    }

    /// Each versioned path item is a reference to its unversioned twin, so the two cannot drift.
    func testVersionedPathsReferenceTheirUnversionedTwins() throws {
        let document = try OpenAPIPaths(lines: Self.documentLines())
        let first = "/\(try XCTUnwrap(APIRoute.prefixes.first))/"
        for prefix in APIRoute.prefixes.dropFirst() {
            let versioned = document.paths.filter { $0.key.hasPrefix("/\(prefix)/") }
            XCTAssertEqual(versioned.count, Set(APIRoute.allCases.map(\.path)).count, prefix)
            for (path, item) in versioned {
                let twin = first + path.dropFirst(prefix.count + 2)
                XCTAssertEqual(item.reference, twin, "\(path) should be `$ref` to its \(first) twin, so the two cannot drift")
            }
        }
    }

    /// The line reader itself: inline and next-line references, other sections ignored, dangling references caught.
    func testReaderFollowsReferencesAndRejectsDanglingOnes() throws {
        let lines: [Substring] = [
            "paths:", "  /api/a/{id}:", "    get:", "      summary: x", "    delete:", "      summary: y",
            ##"  /api/v1/a/{id}: { $ref: "#/paths/~1api~1a~1%7Bid%7D" }"##, "  /api/v1/b:", ##"    $ref: '#/paths/~1api~1b'"##,
            "components:", "  /api/c:", "    get:",
        ]
        let document = try OpenAPIPaths(lines: lines)
        XCTAssertEqual(document.paths.keys.sorted(), ["/api/a/{id}", "/api/v1/a/{id}", "/api/v1/b"])
        XCTAssertEqual(document.paths["/api/v1/a/{id}"]?.reference, "/api/a/{id}")
        XCTAssertThrowsError(try document.operations())
        let resolvable = try OpenAPIPaths(lines: Array(lines.prefix(7)))
        XCTAssertEqual(try resolvable.operations(), ["get /api/a/{id}", "delete /api/a/{id}", "get /api/v1/a/{id}", "delete /api/v1/a/{id}"])
    }
}

/// The `paths` of an OpenAPI YAML document, read line by line (no YAML dependency): a path is a
/// line `  /...:` under `paths:`, a method a line `    get:` (etc.) below it, and a path item may
/// instead be a `$ref` to another path, inline or on the next line.
struct OpenAPIPaths {
    /// One path item: its methods, or the path it refers to.
    struct Item {
        var methods: [String] = []
        var reference: String?
    }

    /// The document does not say what a test needs.
    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    /// Every path item by path.
    var paths: [String: Item] = [:]

    /// Reads the `paths:` section of `lines`.
    init(lines: [Substring]) throws {
        var inPaths = false
        var current: String?
        let methods = ["get", "put", "post", "patch", "delete", "head", "options"]
        for line in lines {
            if !line.hasPrefix(" "), !line.isEmpty {
                inPaths = line == "paths:"
                current = nil
                continue
            }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), let colon = line.range(of: ":") {
                let path = String(line[line.index(line.startIndex, offsetBy: 2)..<colon.lowerBound])
                guard paths[path] == nil else { throw Problem(description: "\(path) appears twice") }
                paths[path] = Item(reference: try Self.reference(in: line[colon.upperBound...]))
                current = path
            } else if let path = current, line.hasPrefix("    "), !line.hasPrefix("     ") {
                let entry = line.dropFirst(4)
                if let method = methods.first(where: { entry.hasPrefix("\($0):") }) {
                    paths[path]?.methods.append(method)
                } else if entry.hasPrefix("$ref:") {
                    paths[path]?.reference = try Self.reference(in: entry)
                }
            }
        }
    }

    /// Every operation as `"<method> <path>"`, references resolved (one level, as the document uses).
    func operations() throws -> Set<String> {
        var operations: Set<String> = []
        for (path, item) in paths {
            var methods = item.methods
            if let target = item.reference {
                guard let referenced = paths[target], referenced.reference == nil else {
                    throw Problem(description: "\(path) refers to \(target), which is not a path item with operations")
                }
                methods += referenced.methods
            }
            for method in methods { operations.insert("\(method) \(path)") }
        }
        return operations
    }

    /// The path a `$ref: "#/paths/…"` in `text` points to, or nil when there is none.
    static func reference(in text: Substring) throws -> String? {
        guard let start = text.range(of: "$ref:") else { return nil }
        let quoted = text[start.upperBound...].drop { $0 == " " }
        guard let quote = quoted.first, quote == "\"" || quote == "'", let end = quoted.dropFirst().firstIndex(of: quote) else {
            throw Problem(description: "unquoted path reference \(quoted)")
        }
        let value = quoted[quoted.index(after: quoted.startIndex)..<end]
        guard value.hasPrefix("#/paths/") else { throw Problem(description: "unsupported path reference \(value)") }
        let pointer = value.dropFirst("#/paths/".count).removingPercentEncoding ?? ""
        return pointer.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
