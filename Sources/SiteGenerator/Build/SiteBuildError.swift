/// The one error a site build throws: a stable `code`, a one-sentence `reason`, and where it happened.
///
/// `description` reads like a compiler diagnostic so editors can jump to it:
/// `Site/signin.md:3: unknown layout 'nope' (unknown-layout)`.
/// Two errors are equal when their codes are equal.
public struct SiteBuildError: Error, Sendable, CustomStringConvertible, Equatable {
    /// Stable kebab-case identifier, such as `unknown-layout`; see ``SiteBuildError/codes``.
    public let code: String
    /// One sentence saying what is wrong.
    public let reason: String
    /// The file at fault, relative to the parent of the site, templates or output folder
    /// (`Site/signin.md`, `Templates/layouts/default.mustache`), when there is one.
    public let file: String?
    /// The 1-based line in `file`, when known.
    public let line: Int?

    /// Creates an error.
    public init(code: String, reason: String, file: String? = nil, line: Int? = nil) {
        self.code = code
        self.reason = reason
        self.file = file
        self.line = line
    }

    init(_ code: Code, _ reason: String, file: String? = nil, line: Int? = nil) {
        self.init(code: code.rawValue, reason: reason, file: file, line: line)
    }

    /// `file:line: reason (code)`, with the location parts left out when unknown.
    public var description: String {
        var location = ""
        if let file {
            location = file
            if let line { location += ":\(line)" }
            location += ": "
        }
        return "\(location)\(reason) (\(code))"
    }

    public static func == (lhs: SiteBuildError, rhs: SiteBuildError) -> Bool {
        lhs.code == rhs.code
    }

    /// Every code a build can report, sorted.
    public static var codes: [String] { Code.allCases.map(\.rawValue).sorted() }

    enum Code: String, CaseIterable {
        case assetTemplateInvalid = "asset-template-invalid"
        case brokenLink = "broken-link"
        case copyInvalid = "copy-invalid"
        case duplicateRoute = "duplicate-route"
        case fileTooLarge = "file-too-large"
        case frontMatterInvalid = "front-matter-invalid"
        case frontMatterMissing = "front-matter-missing"
        case importCycle = "import-cycle"
        case inlineHandler = "inline-handler"
        case inlineScript = "inline-script"
        case inlineStyle = "inline-style"
        case invalidEncoding = "invalid-encoding"
        case ioError = "io-error"
        case markdownFailed = "markdown-failed"
        case missingPartial = "missing-partial"
        case outputInvalid = "output-invalid"
        case partialCycle = "partial-cycle"
        case routeInvalid = "route-invalid"
        case siteConfigInvalid = "site-config-invalid"
        case siteConfigMissing = "site-config-missing"
        case templateInvalid = "template-invalid"
        case unknownAsset = "unknown-asset"
        case unknownCopyKey = "unknown-copy-key"
        case unknownLayout = "unknown-layout"
        case unknownTemplate = "unknown-template"
        case unresolvedImport = "unresolved-import"
    }
}
