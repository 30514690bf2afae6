/// The rules every generated page must pass for the strict Content Security Policy, plus link checks.
struct HTMLAudit {
    let links: LinkResolver

    /// Attributes whose value is a URL to check.
    static let urlAttributes: Set<String> = ["href", "src", "action", "formaction", "poster"]

    /// Where a problem came from: finds `needle` in the page's sources and answers `file:line`.
    typealias Locator = (_ needle: String) -> (file: String, line: Int)?

    /// Checks one page.
    /// - Parameters:
    ///   - outputFile: the page as shown in errors when no source holds the culprit (`public/x/index.html`).
    /// - Throws: `inline-script`, `inline-style`, `inline-handler` or `broken-link`.
    func check(_ html: String, route: String, outputFile: String, locate: Locator) throws(SiteBuildError) {
        for element in HTMLScanner.elements(in: html) {
            // The start tag as written is the best clue to the source; the culprit alone is the next best.
            func fail(_ code: SiteBuildError.Code, _ reason: String, needle: String) -> SiteBuildError {
                let place = locate(element.tagText) ?? locate(needle)
                return SiteBuildError(code, reason, file: place?.file ?? outputFile, line: place?.line ?? element.line)
            }
            if element.name == "script" {
                let hasBody = !(element.rawText ?? "").allSatisfy(\.isWhitespace)
                if element.attribute("src") == nil || hasBody {
                    throw fail(
                        .inlineScript,
                        "inline <script> is not allowed: use a module file with src",
                        needle: element.attribute("src") == nil ? "<script>" : "<script"
                    )
                }
            }
            if element.name == "style" {
                throw fail(.inlineStyle, "<style> elements are not allowed: put the rules in Templates/assets", needle: "<style")
            }
            for attribute in element.attributes {
                if attribute.name == "style" {
                    throw fail(.inlineStyle, "style= attributes are not allowed: use a class", needle: "style=")
                }
                if attribute.name.hasPrefix("on") && attribute.name.count > 2 {
                    throw fail(
                        .inlineHandler,
                        "the \(attribute.name)= handler is not allowed: add listeners in JavaScript",
                        needle: attribute.name + "="
                    )
                }
                guard Self.urlAttributes.contains(attribute.name), let value = attribute.value else { continue }
                let scheme = Substring(value).trimmingSpaces().lowercased()
                if scheme.hasPrefix("javascript:") {
                    throw fail(.inlineScript, "javascript: URLs are not allowed", needle: value)
                }
                if !links.resolves(value, fromRoute: route) {
                    throw fail(
                        .brokenLink,
                        "'\(value)' in \(attribute.name)= does not resolve to a generated file",
                        needle: value
                    )
                }
            }
        }
    }
}
