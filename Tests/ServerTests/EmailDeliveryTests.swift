import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

@testable import Server

/// E-mail through a real SMTP server on loopback (aiosmtpd) in STARTTLS and implicit-TLS modes,
/// with AUTH: the test e-mail and a warning notification arrive with the right subject (also
/// non-ASCII, RFC 2047), From, recipients and both parts; refusals are named.
final class EmailDeliveryTests: XCTestCase {
    func testStartTLSWithAuth() async throws {
        try await deliver(mode: "starttls")
    }

    func testImplicitTLSWithAuth() async throws {
        try await deliver(mode: "ssl")
    }

    func deliver(mode: String) async throws {
        let sink = try SMTPSink(mode: mode)
        defer { sink.stop() }
        var config = TestDataDirectory.config(TestDataDirectory.make("mail", for: self))
        config.extraCertificateAuthorityFile = sink.certificate
        config.notificationTimeoutSeconds = 10
        let app = try await buildApplication(config)
        try await app.test(.router) { client in
            let email = """
                {"host":"localhost","port":\(sink.port),"connectionType":"\(mode)","requireAuth":true,"username":"\(sink.user)",
                 "password":"\(sink.password)","senderName":"Düplistatus Wächter","fromAddress":"dup@example.org",
                 "mailto":"ops@example.org, team@example.org","enabled":true}
                """
            try await client.request(.post, "/api/configuration/email", as: Ignored.self, json: email).assertStatus(.ok)
            try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"email"}"#).assertStatus(.ok)
            let report = try NotificationDeliveryTests.errorReport()
            try await client.request(.post, "/api/upload", as: Ignored.self, json: report).assertStatus(.created)
            let messages = try await sink.messages(2)
            XCTAssertEqual(messages.count, 2)
            let test = try XCTUnwrap(messages.first { $0.subject == "Test Email from duplistatus" })
            let warning = try XCTUnwrap(messages.first { $0.subject != "Test Email from duplistatus" })
            for message in [test, warning] {
                XCTAssertEqual(message.mailFrom, "dup@example.org")
                XCTAssertEqual(message.rcptTos, ["ops@example.org", "team@example.org"])
                XCTAssertEqual(message.user, sink.user)
                XCTAssertEqual(message.from, "Düplistatus Wächter <dup@example.org>")
                XCTAssertEqual(message.contentType, "multipart/alternative")
                XCTAssertEqual(message.parts.map(\.type), ["text/plain", "text/html"])
            }
            XCTAssertEqual(warning.subject, "⚠️ Error - Buchhaltung @ BUERO-PC")
            XCTAssertTrue(warning.rawSubject.hasPrefix("=?UTF-8?B?"), warning.rawSubject)
            let text = warning.parts[0].text
            XCTAssertTrue(text.contains("Backup Buchhaltung on BUERO-PC finished with Error."), text)
            let html = warning.parts[1].text
            XCTAssertTrue(html.contains("Backup Buchhaltung on BUERO-PC finished with Error.<br>"), html)
            XCTAssertFalse(html.contains("<script"), html)
            // A wrong password and a refused recipient are named.
            let wrong = #"{"password":"not-it"}"#
            try await client.request(.patch, "/api/configuration/email/password", as: Ignored.self, json: wrong).assertStatus(.ok)
            try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: #"{"type":"email"}"#)
                .assertError(.badGateway, "BadGatewayError", "authentication")
            let right = #"{"password":"\#(sink.password)"}"#
            try await client.request(.put, "/api/configuration/email/password", as: Ignored.self, json: right).assertStatus(.ok)
            let refused = #"{"type":"email","toEmail":"reject-me@example.org"}"#
            try await client.request(.post, "/api/notifications/test", as: Ignored.self, json: refused)
                .assertError(.badGateway, "BadGatewayError", "rejected a recipient")
        }
    }

    func testMessageFormatFollowsTheRFCs() {
        let subject = MailMessage.encodedHeader(String(repeating: "Überwachung ✅ ", count: 8))
        for line in subject.split(separator: "\r\n") {
            XCTAssertLessThanOrEqual(line.trimmingCharacters(in: .whitespaces).count, 75, String(line))
        }
        XCTAssertEqual(MailMessage.encodedHeader("plain ASCII"), "plain ASCII")
        XCTAssertEqual(MailMessage.dotStuffed(".start\r\nmiddle\r\n..two"), "..start\r\nmiddle\r\n...two")
        XCTAssertEqual(HTMLText.escaped(#"<b>"x" & 'y'</b>"#), "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
        XCTAssertTrue(MailMessage.html("see https://example.org/a?b=1&c=2").contains(#"<a href="https://example.org/a?b=1&amp;c=2">"#))
        XCTAssertEqual(
            MailMessage.rfc5322Date(ReportTimestamp.parseISO("2026-12-02T18:46:01Z")!.epochMilliseconds),
            "Wed, 02 Dec 2026 18:46:01 +0000"
        )
        let long = String(repeating: "x", count: 5_000)
        let rendered = MailMessage(fromName: "d", fromAddress: "a@b.c", recipients: ["r@b.c"], subject: "s", text: long, date: 0).rendered()
        XCTAssertTrue(rendered.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }
}
