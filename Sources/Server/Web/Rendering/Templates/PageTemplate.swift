/// A parsed page template: the Mustache subset the web pages use.
///
/// Variables (`{{name}}`, escaped for HTML; `{{{name}}}` as is), dotted names and `{{.}}`,
/// sections and inverted sections, comments, and one level of inheritance: a page names its
/// layout with `{{<layout}}` and fills the layout's `{{$block}}` placeholders. Whitespace follows
/// the Mustache specification: a line holding only a section, comment or inheritance tag
/// disappears with its newline. Anything else (partials, lambdas, delimiter changes, indented
/// blocks) is refused when the template is parsed, so a template using it stops start-up instead
/// of rendering wrong.
struct PageTemplate: Sendable {
    /// One piece of a template.
    indirect enum Token: Sendable {
        /// Text copied as it is.
        case text(String)
        /// `{{name}}` (escaped for HTML) or `{{{name}}}` (not).
        case variable(TemplateName, escaped: Bool)
        /// `{{#name}}…{{/name}}`.
        case section(TemplateName, body: [Token])
        /// `{{^name}}…{{/name}}`.
        case invertedSection(TemplateName, body: [Token])
        /// A layout's `{{$name}}default{{/name}}`: the page's block of that name, or the default.
        case block(name: String, defaultBody: [Token])
        /// A page's `{{$name}}…{{/name}}` inside `{{<layout}}`; collected into `layout`'s blocks.
        case blockDefinition(name: String, body: [Token])
        /// A page's `{{<layout}}…{{/layout}}`: the layout rendered with these blocks.
        case layout(name: String, blocks: [String: [Token]])
    }

    /// Why a template cannot be used.
    struct ParseError: Error, CustomStringConvertible {
        /// What is wrong.
        let message: String
        /// The byte offset in the template where it was noticed.
        let offset: Int

        var description: String { "\(message) at byte \(offset)" }
    }

    /// The template's tokens, in order.
    let tokens: [Token]

    /// Parses `source`.
    init(_ source: String) throws {
        var parser = TemplateParser(Array(source.utf8))
        tokens = try parser.parseTemplate()
    }
}

/// A name in a tag: `.` (the current value), `a.b.c`, or `.a` (looked up in the current value only).
struct TemplateName: Sendable, Equatable {
    /// The name as written, which a section's closing tag repeats.
    let text: String
    /// The dot-separated parts; empty for `.`.
    let parts: [String]
    /// Whether only the current value is searched (`.` and `.a`), not the values around it.
    let anchored: Bool

    /// The name `text` as written in a tag.
    init(_ text: String) {
        self.text = text
        parts = text.split(separator: ".").map(String.init)
        anchored = text.first == "."
    }
}
