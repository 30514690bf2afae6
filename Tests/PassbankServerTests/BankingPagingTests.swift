import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PassbankServer
import Testing
import WebAuthn

/// Paging query parameters take only the spelling the server itself writes (docs/banking-api.md):
/// a cursor or limit with two spellings is one two readers (a cache, a log, a proxy) may take differently.
@Suite("Banking API: page cursors and limits")
struct BankingPagingTests {
    struct Page: Decodable {
        struct Line: Decodable { var id: String }
        var transactions: [Line]
        var nextCursor: String?
    }

    /// The other spellings of the same cursor: each decodes, with a lenient reader, to the same entry.
    static func respellings(of cursor: String) throws -> [(label: String, value: String)] {
        let bytes = try #require(Base64URL.decode(cursor))
        let id = String(decoding: bytes.dropFirst(), as: UTF8.self)
        let padding = (4 - cursor.count % 4) % 4
        var spellings: [(String, String)] = [
            ("padded", cursor + String(repeating: "=", count: max(padding, 1))),
            ("leading zero", Base64URL.encode(Array("e0\(id)".utf8))),
            ("leading zeros", Base64URL.encode(Array("e000\(id)".utf8))),
            ("plus sign", Base64URL.encode(Array("e+\(id)".utf8))),
            ("space before the number", Base64URL.encode(Array("e \(id)".utf8))),
            ("space after the number", Base64URL.encode(Array("e\(id) ".utf8))),
            ("newline after the number", Base64URL.encode(Array("e\(id)\n".utf8))),
            ("space before the cursor", " " + cursor),
            ("space after the cursor", cursor + " "),
            ("negative", Base64URL.encode(Array("e-\(id)".utf8))),
            ("zero", Base64URL.encode(Array("e0".utf8))),
            ("past Int64", Base64URL.encode(Array("e9223372036854775808".utf8))),
            ("decimal", Base64URL.encode(Array("e\(id).0".utf8))),
            ("empty", ""),
        ]
        // Overlong: the last character carries bits past the last byte; other values of those bits
        // decode to the same bytes (RFC 4648 §3.5).
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        if let overlong = alphabet.map({ String(cursor.dropLast()) + String($0) }).first(where: {
            $0 != cursor && Base64URL.decode($0) == bytes
        }) {
            spellings.append(("leftover bits set", overlong))
        }
        return spellings
    }

    static func query(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.~")
        return items.map { "\($0)=\($1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $1)" }.joined(separator: "&")
    }

    @Test("a transactions cursor or limit in any other spelling than the server's is refused")
    func canonicalSpellingOnly() async throws {
        try await BankingHarness.run { harness, client in
            let ada = try await BankCustomer.signUp("ada", seed: 41, client: client)
            let (from, to) = (ada.accounts[0].id, ada.accounts[1].id)
            for key in ["k1", "k2", "k3"] {
                let moved = try await ada.transfer(BankCustomer.transferJSON(from: from, to: to, amountJSON: #""1.00""#), key: key)
                try #require(moved.status == .created)
            }
            let path = "/api/accounts/\(from)/transactions"
            let first = try await ada.api(.get, path + "?limit=1")
            try #require(first.status == .ok)
            let firstPage = try Browser.decode(Page.self, first)
            let cursor = try #require(firstPage.nextCursor)
            let second = try await ada.api(.get, path + "?" + Self.query([("limit", "1"), ("cursor", cursor)]))
            #expect(second.status == .ok)
            let secondPage = try Browser.decode(Page.self, second)
            #expect(secondPage.transactions.count == 1 && secondPage.transactions[0].id != firstPage.transactions[0].id)

            var refusals: [(label: String, query: [(String, String)], code: String)] = try Self.respellings(of: cursor).map {
                ("cursor \($0.label)", [("cursor", $0.value)], "cursor-invalid")
            }
            refusals.append(("cursor given twice", [("cursor", cursor), ("cursor", cursor)], "cursor-invalid"))
            for limit in ["01", "+1", " 1", "1 ", "1.0", "0x1", "1e0", "", "0", "101", "-1", "١"] {
                refusals.append(("limit \(limit.debugDescription)", [("limit", limit), ("cursor", cursor)], "malformed-request"))
            }
            refusals.append(("limit given twice", [("limit", "1"), ("limit", "1")], "malformed-request"))
            let before = try harness.snapshot()
            for (label, items, code) in refusals {
                let response = try await ada.api(.get, path + "?" + Self.query(items))
                #expect(response.status == .badRequest, "\(label): \(response.status)")
                #expect(BankingHarness.code(response) == code, "\(label): \(String(buffer: response.body).prefix(200))")
                #expect(response.headers[.contentType] == "application/problem+json", "\(label)")
            }
            #expect(try harness.snapshot() == before)
            // The transfers list takes the same limit rule.
            #expect(try await ada.api(.get, "/api/transfers?limit=2").status == .ok)
            for limit in ["02", "+2", "2 "] {
                let response = try await ada.api(.get, "/api/transfers?" + Self.query([("limit", limit)]))
                #expect(BankingHarness.code(response) == "malformed-request", "transfers limit \(limit.debugDescription)")
            }
        }
    }
}
