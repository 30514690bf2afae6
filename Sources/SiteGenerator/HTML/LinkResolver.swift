import Foundation

/// Decides whether an `href`/`src` in a generated page points at something that will exist.
struct LinkResolver {
    /// Every file the build writes, relative to the output folder (`signin/index.html`).
    let outputFiles: Set<String>
    /// URL prefixes served by the backend (`/api/`, `/oauth2/`).
    let dynamicPrefixes: [String]

    /// Whether `reference`, found on the page at `route`, resolves. External URLs (with a scheme or
    /// `//`), fragments and dynamic prefixes always do.
    func resolves(_ reference: String, fromRoute route: String) -> Bool {
        let reference = String(Substring(reference).trimmingSpaces())
        guard let first = reference.first, first != "#", first != "?" else { return true }
        if reference.hasPrefix("//") || Self.hasScheme(reference) { return true }
        let rawPath = AssetPath.splitSuffix(reference).path
        let path = rawPath.removingPercentEncoding ?? rawPath
        let absolute: String
        if path.hasPrefix("/") {
            absolute = path
        } else {
            let directory = route.hasSuffix("/") ? route : String(route[...(route.lastIndex(of: "/") ?? route.startIndex)])
            absolute = directory + path
        }
        guard let normalized = Self.normalize(absolute) else { return false }
        if dynamicPrefixes.contains(where: { normalized.hasPrefix($0) || absolute.hasPrefix($0) }) { return true }
        let file = String(normalized.dropFirst())
        if normalized.hasSuffix("/") { return outputFiles.contains(file + "index.html") }
        return outputFiles.contains(file) || outputFiles.contains(file + "/index.html")
    }

    /// Removes `.` and `..` segments; `nil` when the path climbs above the root.
    static func normalize(_ path: String) -> String? {
        var segments: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for (index, part) in parts.enumerated() {
            let isLast = index == parts.count - 1
            switch part {
            case ".": if isLast { segments.append("") }
            case "..":
                guard segments.popLast() != nil else { return nil }
                if isLast { segments.append("") }
            default: segments.append(part)
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// `https:`, `mailto:`, `tel:`, `data:`, `javascript:`...
    static func hasScheme(_ reference: String) -> Bool {
        guard let colon = reference.firstIndex(of: ":"), colon != reference.startIndex else { return false }
        let scheme = reference[..<colon]
        return scheme.first!.isLetter
            && scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
