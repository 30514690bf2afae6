/// Path arithmetic for assets: all paths here are relative, `/`-separated and never contain `..`.
enum AssetPath {
    /// Resolves `reference` (`./x.js`, `../img/a.svg`, `fonts/b.woff2`) against the folder of `importer`.
    /// Returns `nil` when it climbs above the assets folder.
    static func resolve(_ reference: String, from importer: String) -> String? {
        var components = importer.split(separator: "/").map(String.init).dropLast()
        for component in reference.split(separator: "/", omittingEmptySubsequences: false) {
            switch component {
            case ".", "": continue
            case "..":
                guard components.popLast() != nil else { return nil }
            default:
                components.append(String(component))
            }
        }
        return components.isEmpty ? nil : components.joined(separator: "/")
    }

    /// The path of `target` as seen from the folder of `importer`, always starting with `./` or `../`
    /// (a bare name would be a package specifier to a browser).
    static func relative(_ target: String, from importer: String) -> String {
        let from = importer.split(separator: "/").dropLast()
        let to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[from.startIndex + common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let path = (ups + to[common...].map(String.init)).joined(separator: "/")
        return path.hasPrefix("..") ? path : "./" + path
    }

    /// `pages/signin.js` with hash `abc` -> `pages/signin.abc.js`; `LICENSE` -> `LICENSE.abc`.
    static func fingerprinted(_ path: String, hash: String) -> String {
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        guard let dot = path[slash...].lastIndex(of: "."), dot != slash else { return path + "." + hash }
        return path[..<dot] + "." + hash + path[dot...]
    }

    /// The name templates use: `app.css` -> `app_css`, `pages/sign-in.js` -> `pages_sign_in_js`.
    static func templateKey(_ path: String) -> String {
        String(path.map { $0 == "." || $0 == "-" || $0 == "/" ? "_" : $0 })
    }

    /// Whether a reference is relative to its file (not `/x`, `//host`, `https:`, `data:`, `#id`).
    static func isRelative(_ reference: String) -> Bool {
        guard let first = reference.first, first != "/", first != "#", first != "?" else { return false }
        if let colon = reference.firstIndex(of: ":"),
            reference[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." })
        {
            return false
        }
        return true
    }

    /// Splits `?query` and `#fragment` off a reference.
    static func splitSuffix(_ reference: String) -> (path: String, suffix: String) {
        guard let index = reference.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return (reference, "") }
        return (String(reference[..<index]), String(reference[index...]))
    }
}
