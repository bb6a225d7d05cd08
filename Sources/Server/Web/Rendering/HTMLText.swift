/// Text made safe to place in HTML (and SVG) content and quoted attributes.
enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` written as entities.
    static func escaped(_ text: String) -> String {
        var output = ""
        appendEscaped(text, to: &output)
        return output
    }

    /// Appends `text` to `output` with `&`, `<`, `>`, `"` and `'` written as entities.
    static func appendEscaped(_ text: String, to output: inout String) {
        let utf8 = text.utf8
        // Most values have nothing to escape: copy them whole.
        guard utf8.contains(where: needsEscape) else {
            output += text
            return
        }
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let byte = utf8[index]
            if needsEscape(byte) {
                output += text[start..<index]
                output += entity(byte)
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        output += text[start..<utf8.endIndex]
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'")
    }

    private static func entity(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        default: "&#39;"
        }
    }
}
