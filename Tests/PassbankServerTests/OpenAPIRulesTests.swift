import Banking
import Foundation
import Testing

/// Holds the document's string rules to the validators behind them (docs/openapi.md): what the
/// document calls valid, the server accepts (for money amounts, exactly that), so generated requests
/// reach the handlers; and every link names an operation and parameters that exist.
@Suite("OpenAPI rules")
struct OpenAPIRulesTests {
    static func schemas(_ document: [String: Any]) throws -> [String: [String: Any]] {
        try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
    }

    /// The `pattern` at `path` below `components/schemas`.
    static func pattern(_ document: [String: Any], _ path: String...) throws -> NSRegularExpression {
        var node: Any? = try schemas(document)
        for key in path { node = (node as? [String: Any])?[key] }
        let pattern = try #require((node as? [String: Any])?["pattern"] as? String, "no pattern at \(path)")
        return try NSRegularExpression(pattern: pattern)
    }

    /// ECMA-262 reading of an anchored pattern: `$` is the end of the text (ICU's `$` would also match
    /// before a final line break), so the match must cover all of it.
    static func matches(_ expression: NSRegularExpression, _ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        return expression.firstMatch(in: text, range: whole)?.range == whole
    }

    @Test("an amount matches the MoneyRequest pattern exactly when the server reads it as a positive euro amount")
    func amounts() async throws {
        let (_, document) = try await OpenAPIContractTests.routerAndDocument()
        let amount = try Self.pattern(document, "MoneyRequest", "properties", "amount")
        let integers = ["", "0", "00", "01", "1", "10", "999", "123456789012345", "1234567890123456", "-1", "+1", "1 000", "١", "１"]
        let fractions = ["", ".", ".0", ".00", ".01", ".10", ".5", ".000", "e2", ".0e2", ",00"]
        var samples = integers.flatMap { integer in fractions.map { integer + $0 } }
        samples += ["1e3", "NaN", "Infinity", " 1.00", "1.00 ", "1.00\n", "0.00", "-0.00", "1500.00", "50000.00", "0x10.00"]
        for text in samples {
            let accepted = (try? Money(decimal: text, currency: .euro))?.isPositive == true
            #expect(Self.matches(amount, text) == accepted, "\(text.debugDescription): the document and the server disagree")
        }
    }

    @Test("every account number the bank hands out, in the forms people type, matches the PayeeRequest pattern")
    func accountNumbers() async throws {
        let (_, document) = try await OpenAPIContractTests.routerAndDocument()
        let number = try Self.pattern(document, "PayeeRequest", "properties", "number")
        let printed = try Self.pattern(document, "Account", "properties", "number")
        for serial: UInt64 in [0, 1, 42, 1_234_567_890, 9_999_999_999] {
            let account = AccountNumber(serial: serial)
            #expect(Self.matches(printed, account.description), "\(account) as GET /api/accounts prints it")
            for typed in [account.description, account.compact, account.description.lowercased(), " " + account.description + " "] {
                #expect(Self.matches(number, typed), "\(typed.debugDescription) is refused by the document")
                #expect((try? AccountNumber(parsing: typed)) == account, "\(typed.debugDescription) is refused by the server")
            }
        }
    }

    @Test("names and references the document allows are accepted unchanged by the server")
    func displayText() async throws {
        let (_, document) = try await OpenAPIContractTests.routerAndDocument()
        let rules: [(pattern: NSRegularExpression, maxLength: Int, required: Bool)] = [
            (try Self.pattern(document, "PayeeRequest", "properties", "name"), 70, true),
            (try Self.pattern(document, "RenamePasskeyRequest", "properties", "name"), 64, true),
            (try Self.pattern(document, "TransferRequest", "properties", "reference"), 140, false),
        ]
        var samples = ["Zoë Müller", "Ōsaka Ltd.", "Rent", "a", "x y", "  padded  ", "", " ", "a\u{202E}b", "soft\u{00AD}hyphen"]
        samples += [
            "名前", "😀", "e\u{0301}", "tab\there", "new\nline", "\u{E000}", String(repeating: "ß", count: 70), String(repeating: "x", count: 141),
        ]
        // Deterministic draws from the document's alphabet, which must all be accepted.
        let alphabet = Array("ABCxyz019 !#~¡¬®ÿĀžƀɏ")
        var state: UInt64 = 0x5EED
        for _ in 0..<200 {
            var text = ""
            for _ in 0..<(Int(state % 30) + 1) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            samples.append(text.trimmingCharacters(in: .whitespaces))
        }
        for rule in rules {
            for text in samples where Self.matches(rule.pattern, text) && text.count <= rule.maxLength && (!rule.required || !text.isEmpty) {
                let cleaned = try? DisplayText.validate(text, maxLength: rule.maxLength, required: rule.required, code: "x", what: "x")
                #expect(cleaned == text, "\(text.debugDescription) is allowed by the document but not kept by the server")
            }
        }
    }

    @Test("every link names an operation, and parameters and body members that operation has")
    func linksResolve() async throws {
        let (_, document) = try await OpenAPIContractTests.routerAndDocument()
        let operations = try OpenAPIContractTests.operations(document)
        let byID = Dictionary(
            uniqueKeysWithValues: operations.values.compactMap { operation in (operation["operationId"] as? String).map { ($0, operation) } }
        )
        let schemas = try Self.schemas(document)
        var links = 0
        for (endpoint, operation) in operations {
            for (status, response) in operation["responses"] as? [String: [String: Any]] ?? [:] {
                for (name, link) in response["links"] as? [String: [String: Any]] ?? [:] {
                    links += 1
                    let place = "\(endpoint) \(status) link \(name)"
                    let target = try #require(byID[link["operationId"] as? String ?? ""], "\(place): no such operation")
                    let parameters = Set((target["parameters"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
                    for key in (link["parameters"] as? [String: String] ?? [:]).keys {
                        #expect(parameters.contains(String(key.split(separator: ".").last ?? "")), "\(place): \(key) is no parameter")
                    }
                    guard let body = link["requestBody"] as? [String: String] else { continue }
                    let content = ((target["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                    let reference = (content?["schema"] as? [String: Any])?["$ref"] as? String ?? ""
                    let properties = schemas[String(reference.split(separator: "/").last ?? "")]?["properties"] as? [String: Any] ?? [:]
                    for member in body.keys { #expect(properties[member] != nil, "\(place): the body has no \(member)") }
                }
            }
        }
        #expect(links > 0)
    }
}
