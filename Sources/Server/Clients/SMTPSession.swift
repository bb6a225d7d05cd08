import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One SMTP conversation over an async channel: commands out, multi-line replies in.
struct SMTPSession {
    /// A server reply: its code and its text lines joined.
    struct Reply {
        var code: Int
        var text: String
        var lines: [String]
    }

    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer: [UInt8] = []

    init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Sends raw text (CRLF already in place).
    func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Reads one complete reply (every `ddd-` line up to the `ddd ` one).
    mutating func reply() async throws -> Reply {
        var lines: [String] = []
        while true {
            let line = try await readLine()
            guard line.utf8.count >= 3, let code = Int(line.prefix(3)) else {
                throw DeliveryError.other("The server sent something that is not SMTP: '\(line.prefix(80))'")
            }
            lines.append(String(line.dropFirst(4)))
            if line.utf8.count == 3 || line.dropFirst(3).first == " " {
                return Reply(code: code, text: lines.joined(separator: " "), lines: lines)
            }
        }
    }

    /// Reads a reply and fails with `failure(reply)` unless its code is `code`.
    mutating func expect(_ code: Int, failure: (Reply) -> DeliveryError) async throws {
        let answer = try await reply()
        guard answer.code == code else { throw failure(answer) }
    }

    /// Sends `command` and fails unless the reply's code is one of `codes`.
    mutating func expect(command: String, codes: Set<Int>, failure: (Reply) -> DeliveryError) async throws {
        try await write(command + "\r\n")
        let answer = try await reply()
        guard codes.contains(answer.code) else { throw failure(answer) }
    }

    /// Sends `command`; a reply other than `code` is reported as rejected.
    mutating func command(_ command: String, expect code: Int) async throws {
        try await expect(command: command, codes: [code]) { .rejected(status: $0.code, reason: $0.text) }
    }

    /// EHLO (HELO when the server refuses it); the capabilities offered, upper-cased.
    mutating func hello(_ name: String) async throws -> [String] {
        try await write("EHLO \(name)\r\n")
        let answer = try await reply()
        if answer.code == 250 { return answer.lines.dropFirst().map { $0.uppercased() } }
        try await command("HELO \(name)", expect: 250)
        return []
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN; a refusal is an authentication error.
    mutating func authenticate(_ username: String, _ password: String, capabilities: [String]) async throws {
        let mechanisms = capabilities.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?.dropFirst(5).split(separator: " ") ?? []
        let refused: (Reply) -> DeliveryError = { .authentication("\($0.code) \($0.text)") }
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try await expect(command: "AUTH PLAIN \(token)", codes: [235], failure: refused)
        } else if mechanisms.contains("LOGIN") {
            try await expect(command: "AUTH LOGIN", codes: [334], failure: refused)
            try await expect(command: Data(username.utf8).base64EncodedString(), codes: [334], failure: refused)
            try await expect(command: Data(password.utf8).base64EncodedString(), codes: [235], failure: refused)
        } else {
            throw DeliveryError.authentication("the server offers neither AUTH PLAIN nor AUTH LOGIN")
        }
    }

    /// The next CRLF-terminated line, without its terminator.
    private mutating func readLine() async throws -> String {
        while true {
            if let end = buffer.firstIndex(of: 10) {
                let line = buffer[..<end].last == 13 ? buffer[..<(end - 1)] : buffer[..<end]
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeSubrange(...end)
                return text
            }
            guard buffer.count < 64 * 1024 else { throw DeliveryError.other("The server sent an over-long line") }
            guard let chunk = try await inbound.next() else {
                throw DeliveryError.other("The server closed the connection")
            }
            buffer += chunk.readableBytesView
        }
    }
}
