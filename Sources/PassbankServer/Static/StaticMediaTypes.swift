import Hummingbird

/// Content types for what `passbank build` writes, with explicit UTF-8 for text.
enum StaticMediaTypes {
    static let byExtension: [String: MediaType] = [
        "html": MediaType(type: .text, subType: "html", parameter: ("charset", "utf-8")),
        "css": MediaType(type: .text, subType: "css", parameter: ("charset", "utf-8")),
        "js": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
        "mjs": MediaType(type: .text, subType: "javascript", parameter: ("charset", "utf-8")),
        "json": MediaType(type: .application, subType: "json"),
        "svg": MediaType(type: .image, subType: "svg+xml"),
        "txt": MediaType(type: .text, subType: "plain", parameter: ("charset", "utf-8")),
        "webmanifest": MediaType(type: .application, subType: "manifest+json"),
    ]
}
