/// Turns a template's bytes into `PageTemplate` tokens, applying the Mustache specification's
/// standalone-line rules (lines end in `\n`).
struct TemplateParser {
    typealias Token = PageTemplate.Token

    /// What encloses the part being parsed and how its lines start.
    private struct State {
        /// The open section's name, which its closing tag must repeat; nil at the top.
        var sectionName: String?
        /// Whether the next byte starts a line (so a tag there may stand alone).
        var newLine = true
        /// Inside `{{<layout}}…{{/layout}}`, block definitions included.
        var inLayoutReference = false
        /// Directly inside `{{<layout}}`, where only block definitions may appear.
        var layoutReferenceTop = false
        /// Inside a block definition: the first line's indentation, which every line loses.
        var blockIndent: Int?

        /// The state inside a section opened here.
        func section(_ name: String, standalone: Bool) -> State {
            var inner = self
            inner.sectionName = name
            inner.layoutReferenceTop = false
            if !standalone { inner.newLine = false }
            return inner
        }

        /// The state inside `{{<name}}`.
        func layoutReference(_ name: String) -> State {
            var inner = self
            inner.sectionName = name
            inner.newLine = true
            inner.inLayoutReference = true
            inner.layoutReferenceTop = true
            return inner
        }
    }

    private let bytes: [UInt8]
    private var position = 0
    /// Whether the closing tag that ended the last section, block or layout stood alone: the line
    /// after it starts fresh only then.
    private var closedStandalone = false

    /// A parser of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The tokens of the whole template.
    mutating func parseTemplate() throws -> [Token] {
        try parse(State())
    }

    /// The tokens up to the end of the section `initial` opens (or of the template).
    private mutating func parse(_ initial: State) throws -> [Token] {
        var tokens: [Token] = []
        var state = initial
        // Spaces and tabs that started the line: dropped if a tag here stands alone, text otherwise.
        var leading: ArraySlice<UInt8> = []
        while position < bytes.count {
            if state.newLine {
                let blanks = readBlanks()
                if state.inLayoutReference && !state.layoutReferenceTop {
                    if let indent = state.blockIndent {
                        leading = blanks.dropFirst(indent)
                    } else {
                        state.blockIndent = blanks.count
                    }
                } else {
                    leading = blanks
                }
            }
            let (text, foundTag) = readText()
            if !foundTag, position < bytes.count {
                // A newline ends the text; the next line may hold a standalone tag.
                tokens.append(.text(string(leading) + string(text) + "\n"))
                state.newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                tokens.append(.text(string(leading) + string(text)))
                leading = []
                state.newLine = false
            }
            guard foundTag, position < bytes.count else { break }
            let sigil = bytes[position]
            switch sigil {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                position += 1
                let name = try readName()
                let standalone = isStandalone(state)
                if standalone { leading = [] } else { flush(&leading, into: &tokens) }
                let body = try parse(state.section(name.text, standalone: standalone))
                tokens.append(sigil == UInt8(ascii: "#") ? .section(name, body: body) : .invertedSection(name, body: body))
                state.newLine = closedStandalone
            case UInt8(ascii: "/"):
                position += 1
                let start = position
                let name = try readName()
                guard name.text == state.sectionName else {
                    throw PageTemplate.ParseError(message: "closing tag {{/\(name.text)}} does not close a section", offset: start)
                }
                closedStandalone = isStandalone(state)
                if !closedStandalone { flush(&leading, into: &tokens) }
                return tokens
            case UInt8(ascii: "!"):
                position += 1
                try skipComment()
                state.newLine = isStandalone(state)
                if state.newLine { leading = [] }
            case UInt8(ascii: "{"):
                flush(&leading, into: &tokens)
                position += 1
                let name = try readName()
                guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
                    throw PageTemplate.ParseError(message: "{{{ without }}}", offset: position)
                }
                position += 1
                tokens.append(.variable(name, escaped: false))
                state.newLine = false
            case UInt8(ascii: "<"):
                position += 1
                let name = try readName()
                try requireNoIndentation(leading)
                _ = isStandalone(state)  // reads the rest of the line when the tag is alone on it
                var blocks: [String: [Token]] = [:]
                for token in try parse(state.layoutReference(name.text)) {
                    switch token {
                    case .blockDefinition(let block, let body): blocks[block] = body
                    case .text: break
                    default:
                        throw PageTemplate.ParseError(message: "only {{$block}}s may appear inside {{<\(name.text)}}", offset: position)
                    }
                }
                tokens.append(.layout(name: name.text, blocks: blocks))
                leading = []
                state.newLine = closedStandalone
            case UInt8(ascii: "$"):
                position += 1
                let name = try readName()
                if state.layoutReferenceTop {
                    let standalone = isStandalone(state)
                    leading = []
                    let body = try parse(state.section(name.text, standalone: standalone))
                    tokens.append(.blockDefinition(name: name.text, body: body))
                    state.newLine = closedStandalone
                } else {
                    try requireNoIndentation(leading)
                    let standalone = isStandalone(state)
                    let body = try parse(state.section(name.text, standalone: standalone))
                    tokens.append(.block(name: name.text, defaultBody: body))
                    leading = []
                    state.newLine = closedStandalone
                }
            case UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "%"):
                throw PageTemplate.ParseError(message: "{{\(Character(Unicode.Scalar(sigil))) tags are not supported", offset: position)
            default:
                flush(&leading, into: &tokens)
                tokens.append(.variable(try readName(), escaped: true))
                state.newLine = false
            }
        }
        if let open = state.sectionName {
            throw PageTemplate.ParseError(message: "{{\(open)}} is never closed", offset: position)
        }
        return tokens
    }

    /// Appends pending leading blanks as text: the tag after them does not stand alone.
    private func flush(_ leading: inout ArraySlice<UInt8>, into tokens: inout [Token]) {
        if !leading.isEmpty {
            tokens.append(.text(string(leading)))
            leading = []
        }
    }

    /// Indented blocks and layouts would need their lines re-indented; the pages do not use them.
    private func requireNoIndentation(_ leading: ArraySlice<UInt8>) throws {
        if !leading.isEmpty {
            throw PageTemplate.ParseError(message: "indented {{< and {{$ tags are not supported", offset: position)
        }
    }

    /// Spaces and tabs from here.
    private mutating func readBlanks() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, bytes[position] == UInt8(ascii: " ") || bytes[position] == UInt8(ascii: "\t") {
            position += 1
        }
        return bytes[start..<position]
    }

    /// Text up to a newline (left unread) or `{{` (read); whether a tag follows.
    private mutating func readText() -> (ArraySlice<UInt8>, foundTag: Bool) {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") { return (bytes[start..<position], false) }
            if byte == UInt8(ascii: "{"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "{") {
                position += 2
                return (bytes[start..<position - 2], true)
            }
            position += 1
        }
        return (bytes[start..<position], false)
    }

    /// A tag's name and its closing `}}`.
    private mutating func readName() throws -> TemplateName {
        skipWhitespace()
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
        let name = string(bytes[start..<position])
        skipWhitespace()
        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "}"), bytes[position + 1] == UInt8(ascii: "}"),
            !name.isEmpty
        else {
            throw PageTemplate.ParseError(message: "a tag's name must be letters, digits, . - _ and end with }}", offset: start)
        }
        position += 2
        return TemplateName(name)
    }

    /// Everything up to and including the comment's `}}`.
    private mutating func skipComment() throws {
        let start = position
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "}"), bytes[position + 1] == UInt8(ascii: "}") {
                position += 2
                return
            }
            position += 1
        }
        throw PageTemplate.ParseError(message: "{{! without }}", offset: start)
    }

    /// Skips spaces, tabs and line ends (allowed around a tag's name).
    private mutating func skipWhitespace() {
        while position < bytes.count, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r")].contains(bytes[position]) {
            position += 1
        }
    }

    /// Whether the tag just read is alone on its line; if so, the rest of the line is read.
    private mutating func isStandalone(_ state: State) -> Bool {
        guard state.newLine else { return false }
        if position >= bytes.count { return true }
        var end = position
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\n") else { return false }
        position = end + 1
        return true
    }

    /// Whether `byte` may appear in a tag's name.
    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "?"):
            true
        default: false
        }
    }

    /// The template text of `slice`.
    private func string(_ slice: ArraySlice<UInt8>) -> String {
        String(decoding: slice, as: UTF8.self)
    }
}
