extension ReportText {
    /// `text` fit for one log line: control characters written as `\u{…}` escapes, so text a
    /// client sent cannot start a forged line, and cut at `limit` characters.
    static func loggable(_ text: String, limit: Int = 500) -> String {
        var line = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            if isControl(scalar) {
                line += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > limit ? line + "…" : line
    }
}
