import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOHTTP1
import XCTest

@testable import Server

/// ui.md's "change the admin password" (Settings → Security), over real HTTP and across restarts:
/// the new password is stored as a slow salted hash, other browsers sign in again, and changing
/// the configured password is the way back in.
final class AdminPasswordTests: XCTestCase {
    static let newPassword = "new horse battery staple"

    var dataDirectory = ""

    override func setUp() async throws {
        dataDirectory = TestDataDirectory.make("admin-password", for: self)
    }

    /// A live server on this test's directory whose configured admin password is `configured`.
    func withServer(configured: String?, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var config = TestDataDirectory.config(dataDirectory)
        // Throttling windows are measured on a clock that does not move by itself.
        config.clock = TestClock(AccessTests.start)
        config.adminPassword = configured.map(ConfiguredPassword.init)
        let app = try await buildApplication(config)
        try await app.test(.live, body)
    }

    /// The headers of a JSON write by the browser signed in as `session`.
    static func write(_ session: (cookies: HTTPFields, csrf: String)) -> HTTPFields {
        var headers = session.cookies
        headers[.contentType] = "application/json"
        headers[AccessGate.csrfHeader] = session.csrf
        return headers
    }

    /// The body of a change from `current` to `new`.
    static func change(_ current: String, _ new: String, repeated: String? = nil) -> String {
        #"{"currentPassword":"\#(current)","newPassword":"\#(new)""# + (repeated.map { #","repeatPassword":"\#($0)""# } ?? "") + "}"
    }

    func testAChangedPasswordCountsAcrossRestartsUntilTheConfiguredOneChanges() async throws {
        try await withServer(configured: AccessTests.password) { client in
            let this = try await AccessTests.signIn(client)
            let other = try await AccessTests.signIn(client)
            let write = Self.write((this.cookies, this.csrf))
            let url = "/api/auth/password"

            // Mistakes are answered in the envelope, naming the field, and change nothing.
            let wrong = try await AccessTests.send(client, .post, url, headers: write, body: Self.change("not it at all", Self.newPassword))
            XCTAssertEqual(wrong.status, .forbidden, wrong.text)
            XCTAssertTrue(wrong.text.contains(#""field":"currentPassword""#), wrong.text)
            let short = try await AccessTests.send(client, .post, url, headers: write, body: Self.change(AccessTests.password, "short"))
            XCTAssertEqual(short.status, .badRequest)
            XCTAssertTrue(short.text.contains(#""field":"newPassword""#), short.text)
            let differ = try await AccessTests.send(
                client,
                .post,
                url,
                headers: write,
                body: Self.change(AccessTests.password, Self.newPassword, repeated: Self.newPassword + "!")
            )
            XCTAssertEqual(differ.status, .badRequest)
            XCTAssertTrue(differ.text.contains(#""field":"repeatPassword""#), differ.text)
            // A session's change needs its CSRF token like any other write.
            try await AccessTests.expect(
                .forbidden,
                client,
                .post,
                url,
                headers: this.cookies,
                body: Self.change(AccessTests.password, Self.newPassword)
            )
            let stillOld = try await AccessTests.signIn(client).status
            XCTAssertEqual(stillOld, .seeOther)
            let created = try await AccessTests.send(client, .post, "/api/auth/tokens", headers: write, body: #"{"name":"script"}"#)
            let token = try XCTUnwrap(created.text.firstMatch(of: #/"token":"(dsk_\w+)"/#)).1

            let changed = try await AccessTests.send(
                client,
                .post,
                url,
                headers: write,
                body: Self.change(AccessTests.password, Self.newPassword, repeated: Self.newPassword)
            )
            XCTAssertEqual(changed.status, .ok, changed.text)
            XCTAssertTrue(changed.text.contains(#""passwordChanged":true"#), changed.text)
            // The browser that changed it stays signed in; the others sign in again.
            try await AccessTests.expect(.ok, client, .get, "/api/dashboard", headers: this.cookies)
            try await AccessTests.expect(.unauthorized, client, .get, "/api/dashboard", headers: other.cookies)
            // API tokens are credentials of their own: they keep working.
            try await AccessTests.expect(.ok, client, .get, "/api/dashboard", headers: [.authorization: "Bearer \(token)"])
            let old = try await AccessTests.signIn(client).status
            XCTAssertEqual(old, .unauthorized)
            let new = try await AccessTests.signIn(client, password: Self.newPassword).status
            XCTAssertEqual(new, .seeOther)
        }
        // Only slow salted hashes reach the data directory.
        let contents = try AccessTests.contents(of: dataDirectory)
        XCTAssertFalse(contents.contains(Self.newPassword))
        XCTAssertFalse(contents.contains(AccessTests.password))
        let hashes = Set(contents.matches(of: /"pbkdf2-sha256\$600000\$[0-9a-f]{32}\$[0-9a-f]{64}"/).map(\.0))
        XCTAssertEqual(hashes.count, 2, "the new password and the one it replaced")

        // The same configured password after a restart: the changed one still counts.
        try await withServer(configured: AccessTests.password) { client in
            let old = try await AccessTests.signIn(client).status
            XCTAssertEqual(old, .unauthorized)
            let new = try await AccessTests.signIn(client, password: Self.newPassword)
            XCTAssertEqual(new.status, .seeOther)
            // A second change keeps what the first replaced, so the file still resets it.
            let again = try await AccessTests.send(
                client,
                .post,
                "/api/auth/password",
                headers: Self.write((new.cookies, new.csrf)),
                body: Self.change(Self.newPassword, "a third password")
            )
            XCTAssertEqual(again.status, .ok, again.text)
        }
        try await withServer(configured: AccessTests.password) { client in
            let third = try await AccessTests.signIn(client, password: "a third password").status
            XCTAssertEqual(third, .seeOther)
        }
        // A forgotten password: the NAS owner changes the file and restarts.
        try await withServer(configured: "reset by the owner") { client in
            let forgotten = try await AccessTests.signIn(client, password: "a third password").status
            XCTAssertEqual(forgotten, .unauthorized)
            let reset = try await AccessTests.signIn(client, password: "reset by the owner").status
            XCTAssertEqual(reset, .seeOther)
        }
        // The file won, so the password set on the page is forgotten: the old file does not bring it back.
        try await withServer(configured: AccessTests.password) { client in
            let revived = try await AccessTests.signIn(client, password: "a third password").status
            XCTAssertEqual(revived, .unauthorized)
            let configured = try await AccessTests.signIn(client).status
            XCTAssertEqual(configured, .seeOther)
        }
    }

    func testASignInCheckedBeforeAChangeStartsNoSessionAfterIt() {
        let sessions = AdminSessions()
        let before = sessions.generation
        XCTAssertNotNil(sessions.start(now: AccessTests.start, generation: before))
        // A password change ends the other sessions while this sign-in's check was running.
        sessions.endAll(except: nil)
        XCTAssertNil(sessions.start(now: AccessTests.start, generation: before))
        XCTAssertNotNil(sessions.start(now: AccessTests.start, generation: sessions.generation))
    }

    func testSlowChecksRunTwoAtATimeAndTheRestAreAskedToWait() async throws {
        try await withServer(configured: AccessTests.password) { client in
            let session = try await AccessTests.signIn(client)
            try await AccessTests.expect(
                .ok,
                client,
                .post,
                "/api/auth/password",
                headers: Self.write((session.cookies, session.csrf)),
                body: Self.change(AccessTests.password, Self.newPassword)
            )
            // Each check of the new password is a slow hash: of four at once, on four connections,
            // some must wait.
            let port = try XCTUnwrap(client.port)
            // The answers themselves, not the pages their redirects lead to.
            let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
            defer { _ = http.shutdown() }
            let statuses = try await http.statusesOfSimultaneousPosts(
                4,
                to: "http://127.0.0.1:\(port)/login",
                contentType: "application/x-www-form-urlencoded",
                body: "password=" + Self.newPassword.replacingOccurrences(of: " ", with: "+")
            )
            // A refusal to wait is not a wrong password: none of them used up the sign-in limit.
            XCTAssertTrue(statuses.contains(.seeOther), "\(statuses)")
            XCTAssertTrue(statuses.contains(.serviceUnavailable), "\(statuses)")
            XCTAssertTrue(statuses.allSatisfy { $0 == .seeOther || $0 == .serviceUnavailable }, "\(statuses)")
        }
    }

    func testARestoredArchiveBringsBackItsPasswordAtOnce() async throws {
        try await withServer(configured: AccessTests.password) { client in
            let session = try await AccessTests.signIn(client)
            let archive = try await client.execute(uri: "/api/admin/database/backup", method: .get, headers: session.cookies) { $0.body }
            let write = Self.write((session.cookies, session.csrf))
            try await AccessTests.expect(
                .ok,
                client,
                .post,
                "/api/auth/password",
                headers: write,
                body: Self.change(AccessTests.password, Self.newPassword)
            )
            var restore = write
            restore[.contentType] = "application/gzip"
            let restored = try await client.execute(uri: "/api/admin/database/restore", method: .post, headers: restore, body: archive) {
                ($0.status, String(buffer: $0.body))
            }
            XCTAssertEqual(restored.0, .ok, restored.1)
            // The archive was taken before the change: the configured password counts again.
            let configured = try await AccessTests.signIn(client).status
            XCTAssertEqual(configured, .seeOther)
            let changed = try await AccessTests.signIn(client, password: Self.newPassword).status
            XCTAssertEqual(changed, .unauthorized)
        }
    }

    func testWrongCurrentPasswordsCountAgainstTheSignInLimit() async throws {
        try await withServer(configured: AccessTests.password) { client in
            let session = try await AccessTests.signIn(client)
            let write = Self.write((session.cookies, session.csrf))
            for _ in 0..<LoginThrottle.maximumFailures {
                let guess = try await AccessTests.send(
                    client,
                    .post,
                    "/api/auth/password",
                    headers: write,
                    body: Self.change("guess-guess", Self.newPassword)
                )
                XCTAssertEqual(guess.status, .forbidden)
            }
            let refused = try await AccessTests.send(
                client,
                .post,
                "/api/auth/password",
                headers: write,
                body: Self.change(AccessTests.password, Self.newPassword)
            )
            XCTAssertEqual(refused.status, .tooManyRequests)
            XCTAssertTrue(refused.text.contains(#""error":"TooManyRequestsError""#), refused.text)
            XCTAssertEqual(refused.headers[.retryAfter], String(LoginThrottle.windowMilliseconds / 1000))
        }
    }

    func testWithoutAnAdminPasswordThereIsNothingToChange() async throws {
        try await withServer(configured: nil) { client in
            let answer = try await AccessTests.send(
                client,
                .post,
                "/api/auth/password",
                headers: [.contentType: "application/json"],
                body: Self.change("anything", Self.newPassword)
            )
            XCTAssertEqual(answer.status, .conflict, answer.text)
        }
    }
}
