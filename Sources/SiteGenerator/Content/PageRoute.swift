/// Routes: where a page is served and which file in the output folder holds it.
enum PageRoute {
    /// The route a page gets from its path: `index.md` -> `/`, `signin.md` -> `/signin/`,
    /// `help/index.md` -> `/help/`, `help/passkeys.md` -> `/help/passkeys/`.
    static func derived(fromRelativePath path: String) -> String {
        var components = path.split(separator: "/").map(String.init)
        if let last = components.popLast() {
            let stem = last.hasSuffix(".md") ? String(last.dropLast(3)) : last
            if stem != "index" { components.append(stem) }
        }
        return components.isEmpty ? "/" : "/" + components.joined(separator: "/") + "/"
    }

    /// Why `route` cannot be used, or `nil` when it is fine.
    ///
    /// A route is an absolute path of plain segments (letters, digits, `-`, `_`, `.`, `~`), never `.` or
    /// `..`, ending in `/` or `.html`. Nothing else can reach the file system, so no route escapes the
    /// output folder.
    static func problem(with route: String) -> String? {
        guard route.hasPrefix("/") else { return "a route must start with '/'" }
        guard route.utf8.count <= 512 else { return "a route must be at most 512 characters" }
        guard route.hasSuffix("/") || route.hasSuffix(".html") else { return "a route must end with '/' or '.html'" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/")
        guard route.allSatisfy(allowed.contains) else {
            return "a route may only hold letters, digits, '-', '_', '.', '~' and '/'"
        }
        let segments = route.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, segment) in segments.enumerated() {
            if segment.isEmpty && index != segments.count - 1 { return "a route must not contain '//'" }
            if segment == "." || segment == ".." { return "a route must not contain '.' or '..' segments" }
        }
        if route != "/" && route.hasSuffix(".html/") { return "a route must not end with '.html/'" }
        return nil
    }

    /// The output file of a valid route: `/` -> `index.html`, `/signin/` -> `signin/index.html`,
    /// `/404.html` -> `404.html`.
    static func outputPath(of route: String) -> String {
        let path = String(route.dropFirst())
        return route.hasSuffix("/") ? path + "index.html" : path
    }
}
