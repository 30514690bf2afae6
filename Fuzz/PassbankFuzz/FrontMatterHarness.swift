import SiteGenerator

/// A `Site/` page: YAML front matter between `---` lines, its fields, and the markdown body rendered with
/// cmark-gfm, as `passbank build` reads each page.
enum FrontMatterHarness {
    static func run(_ bytes: [UInt8]) {
        _ = try? PageParsing.parse(text: String(decoding: bytes, as: UTF8.self))
    }
}
