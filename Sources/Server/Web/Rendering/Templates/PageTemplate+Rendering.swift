/// A model that gives templates its fields by name, so rendering needs no `Mirror` (which lists
/// every field each time a tag asks for one).
protocol TemplateFields {
    /// The value of the field a template names; nil when there is no such field or it is empty.
    func field(named name: String) -> Any?
}

/// A collection whose elements a section renders its body once for each of.
protocol TemplateSequence {
    /// Whether there are no elements (an inverted section renders then).
    var isEmptyForTemplate: Bool { get }
    /// Calls `body` with each element in order.
    func forEachForTemplate(_ body: (Any) -> Void)
}

extension Array: TemplateSequence {
    var isEmptyForTemplate: Bool { isEmpty }

    func forEachForTemplate(_ body: (Any) -> Void) {
        for element in self { body(element) }
    }
}

/// An optional seen through `Any`, so a field holding one renders its value.
private protocol AnyOptional {
    var wrappedAny: Any? { get }
}

extension Optional: AnyOptional {
    fileprivate var wrappedAny: Any? { self.map { $0 } }
}

extension PageTemplate {
    /// The template rendered with `model`, layouts looked up in `library`.
    func render(_ model: Any, library: [String: PageTemplate]) -> String {
        var renderer = PageRenderer(stack: [ContextValue(model)], library: library)
        var output = ""
        renderer.render(tokens, into: &output)
        return output
    }
}

/// A value on the renderer's stack, with whether it names its own fields found once: asking the
/// runtime whether a value conforms to `TemplateFields` at every tag was a quarter of rendering
/// the settings page.
private enum ContextValue {
    case fields(any TemplateFields)
    case other(Any)

    init(_ value: Any) {
        if let fields = value as? any TemplateFields { self = .fields(fields) } else { self = .other(value) }
    }

    /// The value itself.
    var value: Any {
        switch self {
        case .fields(let fields): fields
        case .other(let value): value
        }
    }
}

/// The values a template is rendered against: the model, then each section's value above it.
private struct PageRenderer {
    var stack: [ContextValue]
    let library: [String: PageTemplate]
    /// The page's blocks while its layout renders.
    var blocks: [String: [PageTemplate.Token]] = [:]

    /// Appends `tokens` rendered against the current values to `output`.
    mutating func render(_ tokens: [PageTemplate.Token], into output: inout String) {
        for token in tokens {
            switch token {
            case .text(let text):
                output += text
            case .variable(let name, let escaped):
                guard let value = lookUp(name) else { continue }
                let text = Self.text(of: value)
                if escaped { HTMLText.appendEscaped(text, to: &output) } else { output += text }
            case .section(let name, let body):
                switch lookUp(name) {
                case let sequence as any TemplateSequence:
                    sequence.forEachForTemplate { element in renderBody(body, with: element, into: &output) }
                case let flag as Bool:
                    if flag { render(body, into: &output) }
                case .some(let value):
                    renderBody(body, with: value, into: &output)
                case .none:
                    break
                }
            case .invertedSection(let name, let body):
                let empty: Bool =
                    switch lookUp(name) {
                    case let sequence as any TemplateSequence: sequence.isEmptyForTemplate
                    case let flag as Bool: !flag
                    case .some: false
                    case .none: true
                    }
                if empty { render(body, into: &output) }
            case .block(let name, let defaultBody):
                render(blocks[name] ?? defaultBody, into: &output)
            case .layout(let name, let pageBlocks):
                guard let layout = library[name] else { continue }
                let outer = blocks
                blocks = pageBlocks
                render(layout.tokens, into: &output)
                blocks = outer
            case .blockDefinition:
                break
            }
        }
    }

    /// Renders a section's body with `value` as the current value.
    private mutating func renderBody(_ body: [PageTemplate.Token], with value: Any, into output: inout String) {
        stack.append(ContextValue(value))
        render(body, into: &output)
        stack.removeLast()
    }

    /// The value `name` stands for: its first part is looked for in the innermost value that has
    /// it (or only the current one for `.a`), the rest inside what was found.
    private func lookUp(_ name: TemplateName) -> Any? {
        guard let current = stack.last else { return nil }
        guard let first = name.parts.first else { return current.value }
        var found: Any?
        if name.anchored {
            found = Self.field(first, of: current)
        } else {
            for context in stack.reversed() {
                found = Self.field(first, of: context)
                if found != nil { break }
            }
        }
        guard var value = found else { return nil }
        for part in name.parts.dropFirst() {
            guard let inner = Self.field(part, of: ContextValue(value)) else { return nil }
            value = inner
        }
        return value
    }

    /// The field `name` of `context`, through `TemplateFields` or else `Mirror`.
    private static func field(_ name: String, of context: ContextValue) -> Any? {
        let object: Any
        switch context {
        case .fields(let fields): return fields.field(named: name)
        case .other(let value): object = value
        }
        guard let child = Mirror(reflecting: object).children.first(where: { $0.label == name }) else { return nil }
        // A field holding nil counts as missing, so outer values are searched.
        if let optional = child.value as? any AnyOptional { return optional.wrappedAny }
        return child.value
    }

    /// What a variable tag writes for `value` (an optional's value, not `Optional(…)`).
    private static func text(of value: Any) -> String {
        if let string = value as? String { return string }
        if let optional = value as? any AnyOptional, let wrapped = optional.wrappedAny { return text(of: wrapped) }
        return String(describing: value)
    }
}
