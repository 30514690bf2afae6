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

    /// RP-Initiated Logout 1.0 §2: asks the person before ending the session. The form POSTs the
    /// request's own (already verified) parameters back; no script, no inline style (the CSP forbids them).
    static func confirmLogout(_ logout: LogoutRequest) -> Response {
        let fields = [
            ("client_id", logout.clientID), ("post_logout_redirect_uri", logout.redirectURI?.value), ("state", logout.state),
        ]
        let hidden = fields.compactMap { name, value in
            value.map { #"<input type="hidden" name="\#(name)" value="\#(escape($0))">"# }
        }
        let form = """
            <form method="post" action="/oauth2/logout">\(hidden.joined())<button type="submit">Sign out</button></form>\
            <p><a href="/app/">Stay signed in</a></p>
            """
        return page(
            status: .ok,
            title: "Sign out of Passbank?",
            text: "A sign-out was asked for. If it was you, confirm below; if not, you can stay signed in.",
            body: form
        )
    }

    static func page(status: HTTPResponse.Status, title: String, text: String, body: String = #"<p><a href="/">Back to Passbank</a></p>"#) -> Response
    {
        let html = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>\(escape(title)) · Passbank</title></head>
            <body><main><h1>\(escape(title))</h1><p>\(escape(text))</p>\(body)</main></body>
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
