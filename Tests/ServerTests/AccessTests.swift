import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// quality.md §3 and api.md "Authentication", over real HTTP: the admin password, the session
/// cookie and its CSRF token, API tokens, sign-in throttling and the upload token.
final class AccessTests: XCTestCase {
    static let password = "correct horse battery"
    static let start: Int64 = 1_764_000_000_000

    var dataDirectory = ""
    let clock = TestClock(AccessTests.start)

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("access", for: self)
    }

    /// A live server on this test's directory, with the admin password and the upload token given.
    func withServer(
        password: String? = AccessTests.password,
        uploadToken: String? = nil,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var config = TestDataDirectory.config(dataDirectory)
        config.clock = clock
        config.adminPassword = password.map(ConfiguredPassword.init)
        config.uploadToken = uploadToken.map(SharedSecret.init)
        let app = try await buildApplication(config)
        try await app.test(.live, body)
    }

    /// The status, headers and text of one request.
    static func send(
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        body: String? = nil
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, text: String) {
        try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, $0.headers, String(buffer: $0.body))
        }
    }

    /// Sends one request and checks its status.
    static func expect(
        _ status: HTTPResponse.Status,
        _ client: some TestClientProtocol,
        _ method: HTTPRequest.Method,
        _ uri: String,
        headers: HTTPFields = [:],
        body: String? = nil,
        file: StaticString = #filePath,
        line: UInt = #line
    ) async throws {
        let answer = try await send(client, method, uri, headers: headers, body: body)
        XCTAssertEqual(answer.status, status, "\(method) \(uri): \(answer.text.prefix(300))", file: file, line: line)
    }

    /// A real report of machine `nas-1`, run `run`.
    static func report(_ run: Int) throws -> String {
        String(decoding: try RealReports().body(machineId: "nas-1", machineName: "NAS", run: run), as: UTF8.self)
    }

    /// Signs in with `password`; the answer and the cookie header to send afterwards.
    static func signIn(
        _ client: some TestClientProtocol,
        password: String = AccessTests.password,
        next: String = "/settings"
    ) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, cookies: HTTPFields, csrf: String) {
        let form =
            "password=\(password.replacingOccurrences(of: " ", with: "+"))&next=\(next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        let answer = try await send(client, .post, "/login", headers: [.contentType: "application/x-www-form-urlencoded"], body: form)
        var cookies: [String] = []
        var csrf = ""
        for value in answer.headers[values: .setCookie] {
            let pair = String(value.prefix { $0 != ";" })
            cookies.append(pair)
            if pair.hasPrefix(AccessGate.csrfCookie + "=") { csrf = String(pair.dropFirst(AccessGate.csrfCookie.count + 1)) }
        }
        return (answer.status, answer.headers, [.cookie: cookies.joined(separator: "; ")], csrf)
    }

    /// Every file of `directory`, as text, one after another.
    static func contents(of directory: String) throws -> String {
        try FileManager.default.subpathsOfDirectory(atPath: directory).compactMap { name -> String? in
            var isDirectory: ObjCBool = false
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        }.joined()
    }

    func testTheOpenRoutesStayOpenAndEverythingElseNeedsSignIn() async throws {
        try await withServer { client in
            // Duplicati, widgets and probes need no credentials.
            try await Self.expect(.created, client, .post, "/api/upload", headers: [.contentType: "application/json"], body: try Self.report(0))
            for uri in [
                "/api/summary", "/api/v1/summary", "/api/health", "/api/lastbackup/nas-1", "/api/lastbackups/nas-1", "/metrics", "/api/auth/session",
            ] {
                try await Self.expect(.ok, client, .get, uri)
            }
            // Everything else answers 401 in the envelope, and changes nothing.
            // Every route not on the open list, under both prefixes, with each of its methods
            // (HEAD too for a GET), answers 401 in the envelope and changes nothing.
            for route in APIRoute.allCases where !route.isOpen {
                let path = route.path.split(separator: "/").map { $0.hasPrefix(":") ? "nas-1" : String($0) }.joined(separator: "/")
                for prefix in APIRoute.prefixes {
                    for method in route.methods + (route.methods.contains(.get) ? [.head] : []) {
                        let answer = try await Self.send(client, method, "/\(prefix)/\(path)")
                        XCTAssertEqual(answer.status, .unauthorized, "\(method) /\(prefix)/\(path)")
                        if method != .head { XCTAssertTrue(answer.text.contains("\"error\":\"UnauthorizedError\""), answer.text) }
                    }
                }
            }
            let kept = try await Self.send(client, .get, "/api/summary").text.contains("\"totalServers\":1")
            XCTAssertTrue(kept, "the server was not deleted")
            // Pages send the browser to sign in, and back where it was going afterwards.
            let page = try await Self.send(client, .get, "/settings?tab=1")
            XCTAssertEqual(page.status, .seeOther)
            XCTAssertEqual(page.headers[.location], "/login?next=%2Fsettings%3Ftab%3D1")
            try await Self.expect(.seeOther, client, .get, "/servers/nas-1")
            try await Self.expect(.ok, client, .get, "/assets/app.css")
            let login = try await Self.send(client, .get, "/login?next=%2Fsettings")
            XCTAssertEqual(login.status, .ok)
            XCTAssertTrue(login.text.contains("name=\"password\""))
            XCTAssertTrue(login.text.contains("value=\"/settings\""))
            let session = try await Self.send(client, .get, "/api/auth/session")
            XCTAssertTrue(session.text.contains("\"signInRequired\":true"), session.text)
            XCTAssertTrue(session.text.contains("\"signedIn\":false"), session.text)
        }
    }

    func testASessionReadsAndItsWritesNeedTheCSRFToken() async throws {
        let clock = clock
        try await withServer { client in
            let wrong = try await Self.signIn(client, password: "not the password")
            XCTAssertEqual(wrong.status, .unauthorized)
            XCTAssertTrue(wrong.headers[values: .setCookie].isEmpty)
            let signedIn = try await Self.signIn(client)
            XCTAssertEqual(signedIn.status, .seeOther)
            XCTAssertEqual(signedIn.headers[.location], "/settings")
            let cookies = signedIn.headers[values: .setCookie]
            XCTAssertEqual(cookies.count, 2)
            let session = try XCTUnwrap(cookies.first { $0.hasPrefix(AccessGate.sessionCookie + "=") })
            XCTAssertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"), session)
            XCTAssertTrue(cookies.allSatisfy { $0.contains("SameSite=Strict") })
            XCTAssertFalse(signedIn.csrf.isEmpty)

            try await Self.expect(.ok, client, .get, "/api/dashboard", headers: signedIn.cookies)
            let page = try await Self.send(client, .get, "/settings", headers: signedIn.cookies)
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.text.contains("data-sign-in=\"on\"") && page.text.contains("Sign out"))
            XCTAssertTrue(page.text.contains("Create token"))

            // A write with the cookie alone is what a forged cross-site form would send: refused.
            let display = #"{"theme":"dark"}"#
            var write = signedIn.cookies
            write[.contentType] = "application/json"
            let forged = try await Self.send(client, .post, "/api/configuration/display", headers: write, body: display)
            XCTAssertEqual(forged.status, .forbidden)
            XCTAssertTrue(forged.text.contains("\"error\":\"ForbiddenError\""))
            // Not the token, even when the token begins with an "x" (1 in 62).
            write[AccessGate.csrfHeader] = (signedIn.csrf.hasPrefix("x") ? "y" : "x") + signedIn.csrf.dropFirst()
            try await Self.expect(.forbidden, client, .post, "/api/configuration/display", headers: write, body: display)
            let unchanged = try await Self.send(client, .get, "/api/configuration/display", headers: signedIn.cookies)
            XCTAssertFalse(unchanged.text.contains("\"theme\":\"dark\""), unchanged.text)
            write[AccessGate.csrfHeader] = signedIn.csrf
            try await Self.expect(.ok, client, .post, "/api/configuration/display", headers: write, body: display)
            let saved = try await Self.send(client, .get, "/api/configuration/display", headers: signedIn.cookies).text.contains("\"theme\":\"dark\"")
            XCTAssertTrue(saved)

            // Signing out ends the session on the server, not only in the browser.
            try await Self.expect(.forbidden, client, .post, "/api/auth/sign-out", headers: signedIn.cookies)
            let out = try await Self.send(client, .post, "/api/auth/sign-out", headers: write)
            XCTAssertEqual(out.status, .ok)
            XCTAssertEqual(out.headers[values: .setCookie].count, 2)
            XCTAssertTrue(out.headers[values: .setCookie].allSatisfy { $0.contains("Max-Age=0") })
            try await Self.expect(.unauthorized, client, .get, "/api/dashboard", headers: signedIn.cookies)
            // A session also ends by itself after its lifetime.
            let again = try await Self.signIn(client)
            try await Self.expect(.ok, client, .get, "/api/dashboard", headers: again.cookies)
            clock.advance(by: AdminSessions.lifetimeMilliseconds)
            try await Self.expect(.unauthorized, client, .get, "/api/dashboard", headers: again.cookies)
        }
    }

    func testAPITokensAreShownOnceStoredHashedAndRevocable() async throws {
        let dataDirectory = dataDirectory
        try await withServer { client in
            let signedIn = try await Self.signIn(client)
            var write = signedIn.cookies
            write[.contentType] = "application/json"
            write[AccessGate.csrfHeader] = signedIn.csrf
            let created = try await Self.send(client, .post, "/api/auth/tokens", headers: write, body: #"{"name":"Homepage"}"#)
            XCTAssertEqual(created.status, .ok, created.text)
            let token = try XCTUnwrap(created.text.firstMatch(of: #/"token":"(dsk_[A-Za-z0-9]{12}_[A-Za-z0-9]{40})"/#)).1
            let listed = try await Self.send(client, .get, "/api/auth/tokens", headers: signedIn.cookies)
            XCTAssertTrue(listed.text.contains("\"name\":\"Homepage\""), listed.text)
            XCTAssertFalse(listed.text.contains(String(token)), "a listing never holds the token")
            let blank = try await Self.send(client, .post, "/api/auth/tokens", headers: write, body: #"{"name":"  "}"#)
            XCTAssertEqual(blank.status, .badRequest)

            // A script sends the token alone; it needs no CSRF token, since browsers never send it by themselves.
            let bearer: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            try await Self.expect(.ok, client, .get, "/api/dashboard", headers: bearer)
            try await Self.expect(.ok, client, .post, "/api/configuration/display", headers: bearer, body: #"{"theme":"light"}"#)
            // Another last character: "x" would be the token itself whenever it ends in "x".
            let forged: HTTPFields = [.authorization: "Bearer \(token.dropLast())\(token.last == "x" ? "y" : "x")"]
            try await Self.expect(.unauthorized, client, .get, "/api/dashboard", headers: forged)

            // The data directory holds the token's hash only.
            let contents = try Self.contents(of: dataDirectory)
            XCTAssertFalse(contents.contains(String(token)))
            XCTAssertTrue(contents.contains(APITokenRecord.hash(of: String(token))))

            let id = String(token.split(separator: "_")[1])
            try await Self.expect(.ok, client, .delete, "/api/auth/tokens/\(id)", headers: write)
            try await Self.expect(.unauthorized, client, .get, "/api/dashboard", headers: bearer)
            try await Self.expect(.notFound, client, .delete, "/api/auth/tokens/\(id)", headers: write)
        }
    }

    func testWrongPasswordsFromOneAddressAreThrottled() async throws {
        let clock = clock
        try await withServer { client in
            for _ in 0..<LoginThrottle.maximumFailures {
                let guess = try await Self.signIn(client, password: "guess-guess").status
                XCTAssertEqual(guess, .unauthorized)
            }
            // Even the right password waits out the window, so guessing cannot go on.
            let refused = try await Self.signIn(client)
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertEqual(refused.headers[.retryAfter], String(LoginThrottle.windowMilliseconds / 1000))
            XCTAssertTrue(refused.headers[values: .setCookie].isEmpty)
            clock.advance(by: LoginThrottle.windowMilliseconds)
            let afterTheWindow = try await Self.signIn(client).status
            XCTAssertEqual(afterTheWindow, .seeOther)
            // The return address must be on this server.
            for next in ["//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example", "/ /evil.example", "/\n/x"] {
                let location = try await Self.signIn(client, next: next).headers[.location]
                XCTAssertEqual(location, "/", next)
            }
        }
    }

    func testAnotherSitesFormCannotSignInNorUseUpTheGuesses() async throws {
        try await withServer { client in
            let form = "password=\(Self.password.replacingOccurrences(of: " ", with: "+"))&next=%2F"
            var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            headers[HTTPField.Name("Sec-Fetch-Site")!] = "cross-site"
            for _ in 0..<(LoginThrottle.maximumFailures + 1) {
                let refused = try await Self.send(client, .post, "/login", headers: headers, body: form)
                XCTAssertEqual(refused.status, .forbidden)
                XCTAssertTrue(refused.headers[values: .setCookie].isEmpty)
            }
            // None of them counted: this browser's own page still signs in.
            headers[HTTPField.Name("Sec-Fetch-Site")!] = "same-origin"
            try await Self.expect(.seeOther, client, .post, "/login", headers: headers, body: form)
        }
    }

    func testWithBothSecretsUploadsNeedTheUploadTokenNotASession() async throws {
        // A token from a file may hold a "+"; Duplicati's URL, typed by hand, carries it as it is.
        let token = "u-12345+67890abcdef"
        try await withServer(uploadToken: token) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            var session = try await Self.signIn(client).cookies
            session[.contentType] = "application/json"
            try await Self.expect(.unauthorized, client, .post, "/api/upload", headers: session, body: try Self.report(0))
            try await Self.expect(.created, client, .post, "/api/upload?token=\(token)", headers: json, body: try Self.report(1))
            try await Self.expect(.ok, client, .get, "/api/summary")
            try await Self.expect(.unauthorized, client, .get, "/api/dashboard", headers: json)
        }
    }

    func testTheUploadTokenGuardsUploadsAndNothingIsStoredWithoutIt() async throws {
        let token = "u-1234567890abcdef"
        try await withServer(password: nil, uploadToken: token) { client in
            let json: HTTPFields = [.contentType: "application/json"]
            for uri in ["/api/upload", "/api/upload?token=u-1234567890abcdeX", "/api/v1/upload?token="] {
                let refused = try await Self.send(client, .post, uri, headers: json, body: try Self.report(0))
                XCTAssertEqual(refused.status, .unauthorized, uri)
                XCTAssertTrue(refused.text.contains("UnauthorizedError"))
            }
            let nothingStored = try await Self.send(client, .get, "/api/summary").text.contains("\"totalBackupRuns\":0")
            XCTAssertTrue(nothingStored)
            try await Self.expect(.created, client, .post, "/api/upload?token=\(token)", headers: json, body: try Self.report(1))
            var bearer = json
            bearer[.authorization] = "Bearer \(token)"
            try await Self.expect(.created, client, .post, "/api/v1/upload", headers: bearer, body: try Self.report(2))
            let bothStored = try await Self.send(client, .get, "/api/summary").text.contains("\"totalBackupRuns\":2")
            XCTAssertTrue(bothStored)
            // Without an admin password the rest stays open, and API tokens have nothing to guard.
            try await Self.expect(.ok, client, .get, "/api/dashboard")
            try await Self.expect(.ok, client, .get, "/settings")
            let location = try await Self.send(client, .get, "/login").headers[.location]
            XCTAssertEqual(location, "/")
            try await Self.expect(.conflict, client, .post, "/api/auth/tokens", headers: json, body: #"{"name":"x"}"#)
            try await Self.expect(.conflict, client, .delete, "/api/auth/tokens/abc")
        }
    }

    func testSecretsComeFromFilesOrTheEnvironment() throws {
        let directory = TestDataDirectory.make("secrets", for: self)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let passwordFile = directory + "/admin-password"
        try "s3cret-password\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let fromFile = try ServeCommand.parse(["--admin-password-file", passwordFile]).configuration(environment: [:])
        XCTAssertEqual(fromFile.adminPassword?.value, "s3cret-password")
        XCTAssertNil(fromFile.uploadToken)
        let fromEnvironment = try ServeCommand.parse([]).configuration(environment: [
            "DUPLISTATUS_ADMIN_PASSWORD": "another-password", "DUPLISTATUS_UPLOAD_TOKEN": "abcdefghij-0123456789",
        ])
        XCTAssertEqual(fromEnvironment.adminPassword?.value, "another-password")
        XCTAssertEqual(fromEnvironment.uploadToken?.matches("abcdefghij-0123456789"), true)
        // The file wins over the plain variable.
        let both = try ServeCommand.parse([]).configuration(environment: [
            "DUPLISTATUS_ADMIN_PASSWORD_FILE": passwordFile, "DUPLISTATUS_ADMIN_PASSWORD": "another-password",
        ])
        XCTAssertEqual(both.adminPassword?.value, "s3cret-password")
        XCTAssertNil(try ServeCommand.parse([]).configuration(environment: [:]).adminPassword)
        for environment in [
            ["DUPLISTATUS_ADMIN_PASSWORD": "short"], ["DUPLISTATUS_ADMIN_PASSWORD_FILE": directory + "/missing"],
            ["DUPLISTATUS_UPLOAD_TOKEN": "too-short"], ["DUPLISTATUS_UPLOAD_TOKEN": "has spaces and is long enough"],
        ] {
            XCTAssertThrowsError(try ServeCommand.parse([]).configuration(environment: environment), "\(environment)")
        }
    }
}
