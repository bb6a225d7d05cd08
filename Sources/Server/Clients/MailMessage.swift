#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An e-mail as sent by `SMTPClient`: multipart/alternative with a plain-text and an HTML part,
/// both base64 (so no line exceeds 998 octets and non-ASCII text survives 7-bit relays).
struct MailMessage: Sendable, Equatable {
    var fromName: String
    var fromAddress: String
    var recipients: [String]
    var subject: String
    var text: String
    /// When it is sent (epoch ms), for the Date header.
    var date: Int64

    /// The message as CRLF text, headers and body, before dot-stuffing.
    func rendered(boundary: String = "duplistatus-" + RandomText.alphanumerics(24)) -> String {
        let domain = fromAddress.split(separator: "@").last.map(String.init) ?? "duplistatus.local"
        var lines = [
            "From: " + Self.mailbox(name: fromName, address: fromAddress),
            "To: " + recipients.map { "<\($0)>" }.joined(separator: ", "),
            "Subject: " + Self.encodedHeader(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(RandomText.alphanumerics(20)).\(date)@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(Array(Self.crlf(text).utf8)),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "",
            Self.base64Lines(Array(Self.html(text).utf8)),
            "--\(boundary)--",
        ]
        lines.append("")
        return lines.joined(separator: "\r\n")
    }

    /// `"Name" <address>`, the name RFC 2047-encoded when it is not plain ASCII.
    static func mailbox(name: String, address: String) -> String {
        guard !name.isEmpty else { return "<\(address)>" }
        let plain = name.allSatisfy { $0.isASCII && $0 != "\"" && $0 != "\\" && !$0.isNewline }
        return (plain ? "\"\(name)\"" : encodedHeader(name)) + " <\(address)>"
    }

    /// ASCII text as is; anything else as RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters,
    /// never splitting a character, folded onto continuation lines.
    static func encodedHeader(_ text: String) -> String {
        let flat = text.replacingNewlines()
        if flat.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 }) { return flat }
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 − len("=?UTF-8?B?") − len("?=") = 63 base64 characters: 45 bytes of text at most.
        for character in flat {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Base64 in lines of 76 characters.
    static func base64Lines(_ bytes: [UInt8]) -> String {
        let encoded = Array(Data(bytes).base64EncodedString())
        return stride(from: 0, to: encoded.count, by: 76).map { String(encoded[$0..<min($0 + 76, encoded.count)]) }
            .joined(separator: "\r\n")
    }

    /// The HTML part: the text escaped, web addresses linked, line breaks kept.
    static func html(_ text: String) -> String {
        let lines = text.replacing("\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.map { line in
            line.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
                let escaped = HTMLText.escaped(String(word))
                guard word.hasPrefix("http://") || word.hasPrefix("https://") else { return escaped }
                return "<a href=\"\(escaped)\">\(escaped)</a>"
            }.joined(separator: " ")
        }.joined(separator: "<br>\r\n")
        return "<!DOCTYPE html>\r\n<html><body style=\"font-family: sans-serif\">\r\n" + body + "\r\n</body></html>\r\n"
    }

    /// Line breaks as CRLF.
    static func crlf(_ text: String) -> String {
        text.replacing("\r\n", with: "\n").replacing("\n", with: "\r\n")
    }

    /// SMTP's transparency (RFC 5321 §4.5.2): a line starting with `.` gets another `.`.
    static func dotStuffed(_ message: String) -> String {
        message.split(separator: "\r\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
            .joined(separator: "\r\n")
    }

    /// An RFC 5322 date in UTC, e.g. `Wed, 02 Dec 2026 18:46:01 +0000`.
    static func rfc5322Date(_ ms: Int64) -> String {
        let civil = UTCCalendar.civil(ms)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let seconds = civil.msOfDay / 1000
        let time = [seconds / 3600, seconds / 60 % 60, seconds % 60].map { ReportText.pad($0, to: 2) }.joined(separator: ":")
        return "\(days[UTCCalendar.weekday(ms)]), \(ReportText.pad(civil.day, to: 2)) \(months[Int(civil.month - 1)]) \(civil.year) \(time) +0000"
    }
}

extension String {
    /// The string with line breaks replaced by spaces (headers are one logical line).
    fileprivate func replacingNewlines() -> String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
