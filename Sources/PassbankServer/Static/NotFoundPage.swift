import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The site's `404.html`, answered with status 404 for page routes that do not exist.
struct NotFoundPage: Sendable {
    let file: URL

    func response(for request: Request) async throws -> Response {
        var headers = HTTPFields()
        headers[.cacheControl] = "no-cache"
        guard let data = try? Data(contentsOf: file) else {
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "Not found\n")))
        }
        headers[.contentType] = "text/html; charset=utf-8"
        if request.method == .head {
            headers[.contentLength] = String(data.count)
            return Response(status: .notFound, headers: headers)
        }
        return Response(status: .notFound, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
