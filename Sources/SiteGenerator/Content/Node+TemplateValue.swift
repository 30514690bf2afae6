import Foundation
import Yams

extension Node {
    /// Converts a composed YAML node into the plain values Mustache renders:
    /// `[String: Any]`, `[Any]`, `String`, `Bool`, `Int` and `Double`. Nulls are left out of maps.
    ///
    /// `budget` counts nodes still allowed; aliases are expanded, so a "billion laughs" document
    /// runs out of budget instead of memory.
    /// - Throws: `front-matter-invalid` for non-scalar keys, or when the budget runs out.
    func templateValue(budget: inout Int, file: String, lineOffset: Int) throws(SiteBuildError) -> Any? {
        budget -= 1
        guard budget >= 0 else {
            throw SiteBuildError(
                .frontMatterInvalid,
                "the front matter expands to too many values",
                file: file,
                line: line(offset: lineOffset)
            )
        }
        switch self {
        case .scalar(let scalar):
            return Self.plainValue(of: scalar, tag: tag.description)
        case .sequence(let sequence):
            var values: [Any] = []
            for element in sequence {
                values.append(try element.templateValue(budget: &budget, file: file, lineOffset: lineOffset) ?? "")
            }
            return values
        case .mapping(let mapping):
            var values: [String: Any] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw SiteBuildError(
                        .frontMatterInvalid,
                        "keys must be plain strings",
                        file: file,
                        line: key.line(offset: lineOffset)
                    )
                }
                values[keyScalar.string] = try value.templateValue(budget: &budget, file: file, lineOffset: lineOffset)
            }
            return values
        case .alias:
            return nil
        }
    }

    /// The 1-based line of this node in the file, given how many lines precede the YAML text.
    func line(offset: Int) -> Int? {
        mark.map { $0.line + offset }
    }

    private static func plainValue(of scalar: Node.Scalar, tag: String) -> Any? {
        // YAML 1.1 base-60 numbers (`1:30` for 90) stay text, as in the YAML 1.2 core schema
        // (YAML 1.2.2 §10.3.2), which dropped them: a page that says `1:30` means the text. Yams'
        // base-60 conversion also traps on overflow (`1:00:00:00:00:00:00:00:00:00:00:00` multiplies
        // past Int.max), which the frontmatter fuzz target found (docs/fuzzing.md).
        if tag == Tag.Name.int.rawValue || tag == Tag.Name.float.rawValue, scalar.string.contains(":") {
            return scalar.string
        }
        switch tag {
        case Tag.Name.null.rawValue:
            return nil
        case Tag.Name.bool.rawValue:
            return Bool.construct(from: scalar) ?? scalar.string
        case Tag.Name.int.rawValue:
            return Int.construct(from: scalar) ?? scalar.string
        case Tag.Name.float.rawValue:
            return Double.construct(from: scalar) ?? scalar.string
        default:
            return scalar.string
        }
    }
}
