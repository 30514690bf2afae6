import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenIDProvider

/// A small HTML page for what must not go back to a redirect URI (RFC 6749 §4.1.2.1): the error
/// and a link home, everything escaped.
enum OAuthPage {
    static func error(_ error: OAuthError, status: HTTPResponse.Status = .badRequest) -> Response {
        page(
            status: status,
            title: "This sign-in request cannot continue",
            text: "\(error.description) (\(error.code))"
        )
    }

    static func signedOut() -> Response {
        page(status: .ok, title: "You are signed out", text: "You have signed out of Passbank.")
    }

    static func page(status: HTTPResponse.Status, title: String, text: String) -> Response {
        let html = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>\(escape(title)) · Passbank</title></head>
            <body><main><h1>\(escape(title))</h1><p>\(escape(text))</p><p><a href="/">Back to Passbank</a></p></main></body>
            </html>

            """
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
