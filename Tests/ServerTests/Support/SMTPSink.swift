import Foundation
import XCTest

/// A real SMTP server on loopback: aiosmtpd (tools/smtp-sink) in STARTTLS or implicit-TLS mode
/// with AUTH, its certificate made with openssl for this test. Received mail is parsed with
/// Python's `email` package, independently of the code under test.
/// Unchecked Sendable: every stored property is set once in `init` and only read afterwards.
final class SMTPSink: @unchecked Sendable {
    /// One received message as Python's e-mail parser reads it.
    struct Message: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        var user: String?
        var subject: String
        var rawSubject: String
        var from: String
        var to: String
        var contentType: String
        var parts: [Part]

        struct Part: Decodable {
            var type: String
            var text: String
        }
    }

    let port: Int
    /// The PEM certificate the client must trust.
    let certificate: String
    let user = "mailer"
    let password = "pässwörd-\(UUID().uuidString.prefix(6))"
    private let directory: String
    private let process: Process
    private let stdin: Pipe

    /// The repository's root, where `tools/smtp-sink` and `.build-smtp` are.
    private static let root = Fixtures.testsDirectory.deletingLastPathComponent().deletingLastPathComponent().path

    /// Starts the server in `mode` (`starttls` or `ssl`).
    init(mode: String) throws {
        let root = Self.root
        let python = try Self.preparedPython.get()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/mail", withIntermediateDirectories: true)
        certificate = directory + "/cert.pem"
        let openssl = try ExternalTool.path("openssl", package: "openssl")
        let made = try ExternalTool.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", directory + "/key.pem", "-out", certificate, "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ]
        )
        XCTAssertEqual(made.status, 0, made.stderr)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [
            root + "/tools/smtp-sink/smtp_sink.py", mode, certificate, directory + "/key.pem", directory + "/mail", user, password,
        ]
        let stdout = Pipe()
        stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = stdout.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        port = try XCTUnwrap(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    /// The venv's Python with aiosmtpd, which `tools/smtp-sink/setup.sh` prepares on first use, so
    /// the README's `swift test` needs no step of its own. The first e-mail test waits for it (it
    /// reaches PyPI once); the others find the venv ready.
    private static let preparedPython: Result<String, any Error> = {
        let python = root + "/.build-smtp/venv/bin/python"
        do {
            let setup = try ExternalTool.run("/usr/bin/env", ["bash", root + "/tools/smtp-sink/setup.sh"], in: root)
            guard setup.status == 0, FileManager.default.isExecutableFile(atPath: python) else {
                XCTFail("tools/smtp-sink/setup.sh could not install aiosmtpd (it needs python3-venv and PyPI): \(setup.stderr)")
                return .failure(ExternalTool.MissingTool(name: "aiosmtpd"))
            }
            return .success(python)
        } catch {
            XCTFail("tools/smtp-sink/setup.sh did not run: \(error)")
            return .failure(error)
        }
    }()

    /// Stops the server and removes its files.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Waits for `count` messages (at most `seconds`) and parses them.
    func messages(_ count: Int, seconds: Double = 15) async throws -> [Message] {
        let deadline = Date().addingTimeInterval(seconds)
        func files() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory + "/mail")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        }
        while files().count < count && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        return try files().map { name in
            let base = directory + "/mail/" + name.dropLast(5)
            let parsed = try ExternalTool.run("/usr/bin/env", ["python3", "-c", Self.parser, base + ".eml", base + ".json"])
            XCTAssertEqual(parsed.status, 0, parsed.stderr)
            return try JSONDecoder().decode(Message.self, from: Data(parsed.stdout.utf8))
        }
    }

    /// Python reading one stored message with the standard library's RFC 5322/2047/MIME parser.
    static let parser = """
        import email, email.policy, json, sys
        raw = open(sys.argv[1], 'rb').read()
        envelope = json.load(open(sys.argv[2]))
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for line in raw.split(b'\\r\\n'):
            assert len(line) <= 998, 'line over 998 octets'
        parts = [{'type': p.get_content_type(), 'text': p.get_content()} for p in msg.walk() if not p.is_multipart()]
        raw_subject = email.message_from_bytes(raw, policy=email.policy.compat32)['Subject']
        print(json.dumps({'mailFrom': envelope['mail_from'], 'rcptTos': envelope['rcpt_tos'], 'user': envelope['user'],
            'subject': str(msg['Subject']), 'rawSubject': str(raw_subject), 'from': str(msg['From']), 'to': str(msg['To']),
            'contentType': msg.get_content_type(), 'parts': parts}))
        """
}
