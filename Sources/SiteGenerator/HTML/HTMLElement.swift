import Foundation

/// A start tag found in generated HTML, with its attributes and, for `<script>` and `<style>`,
/// the raw text up to the end tag.
struct HTMLElement {
    struct Attribute {
        /// Lowercased name.
        let name: String
        /// Value with `&amp;`, `&quot;`, `&#39;`, `&lt;` and `&gt;` decoded; `nil` for a bare attribute.
        let value: String?
    }

    /// Lowercased tag name.
    let name: String
    let attributes: [Attribute]
    /// 1-based line of the `<` in the document.
    let line: Int
    /// The start tag as written (`<a href="/x">`), to find it again in a template.
    let tagText: String
    /// Text between the start and end tag of `script`, `style`, `textarea` and `title`.
    let rawText: String?

    func attribute(_ name: String) -> Attribute? {
        attributes.first { $0.name == name }
    }

    /// Raw text elements: their content is not markup.
    static let rawTextNames: Set<String> = ["script", "style", "textarea", "title"]

    /// Decodes the few entities that matter when reading a URL or a name out of an attribute.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&#x27;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
