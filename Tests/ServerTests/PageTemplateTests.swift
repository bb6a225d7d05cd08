import XCTest

@testable import Server

/// The pages' template renderer: the Mustache subset the templates use, with the specification's
/// whitespace rules, and a clear refusal of what it does not support.
final class PageTemplateTests: XCTestCase {
    struct Item { let name: String }
    struct Page {
        let title: String
        let items: [Item]
        let flag: Bool
        let missing: String?
        let count: Int
        let ratio: Double
    }

    /// A model that names its fields itself, as the per-job models do.
    struct Named: TemplateFields {
        func field(named name: String) -> Any? { name == "label" ? "from field(named:)" : nil }
    }

    private func render(_ source: String, _ model: Any, library: [String: String] = [:]) throws -> String {
        let templates = try library.mapValues { try PageTemplate($0) }
        return try PageTemplate(source).render(model, library: templates)
    }

    private let page = Page(
        title: "Fish & <Chips>",
        items: [Item(name: "a"), Item(name: "\"b\" 'c'")],
        flag: true,
        missing: nil,
        count: 3,
        ratio: 1.5
    )

    func testVariablesAreEscapedUnlessTripleBraced() throws {
        XCTAssertEqual(try render("{{title}}|{{{title}}}", page), "Fish &amp; &lt;Chips&gt;|Fish & <Chips>")
        XCTAssertEqual(try render("{{count}} {{ratio}} {{flag}} [{{missing}}] [{{nothing}}]", page), "3 1.5 true [] []")
        XCTAssertEqual(HTMLText.escaped(#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    func testSectionsRepeatTestAndPushTheirValue() throws {
        XCTAssertEqual(try render("{{#items}}<{{name}}>{{/items}}", page), "<a><&quot;b&quot; &#39;c&#39;>")
        XCTAssertEqual(try render("[{{#flag}}on{{/flag}}{{^flag}}off{{/flag}}]", page), "[on]")
        XCTAssertEqual(try render("[{{#missing}}x{{/missing}}{{^missing}}none{{/missing}}]", page), "[none]")
        let empty = Page(title: "", items: [], flag: false, missing: "m", count: 0, ratio: 0)
        XCTAssertEqual(try render("[{{#items}}x{{/items}}{{^items}}no items{{/items}}|{{^flag}}off{{/flag}}]", empty), "[no items|off]")
        // A value that is neither a list nor a flag becomes the current value: `.` and dotted names.
        XCTAssertEqual(try render("{{#missing}}({{.}}){{/missing}} {{#title}}{{.}}{{/title}}", empty), "(m) ")
        XCTAssertEqual(try render("{{items.0}}|{{title.count}}", page), "|")
        // Inside a section, names not found on the element are looked for outside it, nil counting as absent.
        XCTAssertEqual(try render("{{#items}}{{name}}:{{count}} {{/items}}", page), "a:3 &quot;b&quot; &#39;c&#39;:3 ")
        XCTAssertEqual(try render("{{#items}}{{.name}}{{.count}};{{/items}}", page), "a;&quot;b&quot; &#39;c&#39;;")
        XCTAssertEqual(try render("{{label}}", Named()), "from field(named:)")
    }

    func testLinesHoldingOnlyASectionTagDisappear() throws {
        let source = "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n{{! a comment }}\nend\n"
        XCTAssertEqual(try render(source, Item(name: "x")), "<ul>\n</ul>\nend\n")
        XCTAssertEqual(try render(source, page), "<ul>\n  <li>a</li>\n  <li>&quot;b&quot; &#39;c&#39;</li>\n</ul>\nend\n")
        // The line after a section starts afresh only when the section's closing tag stood alone.
        struct Flags { let a = true, b = true }
        XCTAssertEqual(try render("{{#a}}\nx{{/a}} {{#b}}\ny\n{{/b}}\n", Flags()), "x \ny\n")
        XCTAssertEqual(try render("x{{#a}}\ny\n{{/a}}\n{{#b}}\nz\n{{/b}}\n", Flags()), "x\ny\nz\n")
        XCTAssertEqual(try render("  {{#a}}\nx{{/a}} y\n", Flags()), "x y\n")
        // Tags sharing a line with text keep the line and its spaces.
        XCTAssertEqual(try render("  {{#flag}}yes{{/flag}}  \n", page), "  yes  \n")
        XCTAssertEqual(try render("a {{#flag}}\nb\n{{/flag}} c\n", page), "a \nb\n c\n")
    }

    func testAPageFillsItsLayoutsBlocks() throws {
        let layout = "<h1>{{title}}</h1>\n<main>\n{{$content}}default{{/content}}\n</main>\n"
        let library = ["layout": layout]
        let filled = "{{<layout}}\n{{$content}}\n<p>{{count}}</p>\n{{/content}}\n{{/layout}}\n"
        XCTAssertEqual(try render(filled, page, library: library), "<h1>Fish &amp; &lt;Chips&gt;</h1>\n<main>\n<p>3</p>\n\n</main>\n")
        XCTAssertEqual(try render("{{<layout}}{{/layout}}", page, library: library), "<h1>Fish &amp; &lt;Chips&gt;</h1>\n<main>\ndefault\n</main>\n")
    }

    func testUnsupportedOrBrokenTemplatesAreRefused() {
        for source in [
            "{{>partial}}", "{{&name}}", "{{=<% %>=}}", "{{#open}}never closed", "{{#a}}{{/b}}", "{{/a}}", "{{name",
            "{{{name}}", "{{}}", "{{na(me)}}", "{{<layout}}text{{#s}}{{/s}}{{/layout}}", "  {{$block}}{{/block}}",
            "{{! unterminated",
        ] {
            XCTAssertThrowsError(try PageTemplate(source), source)
        }
    }

    /// Every template in the binary parses (start-up would stop otherwise).
    func testTheEmbeddedTemplatesParse() throws {
        let templates = try WebTemplates()
        XCTAssertEqual(Set(templates.library.keys), Set(WebTemplates.sources.keys))
    }
}
