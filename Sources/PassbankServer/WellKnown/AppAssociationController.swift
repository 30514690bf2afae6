import Hummingbird

/// The files that let the bank's native apps and related web origins use its passkeys, from the
/// deployment file. Each is `application/json`, answered directly (never redirected: Apple's and
/// Google's fetchers do not follow redirects for these), and 404 when nothing is configured.
struct AppAssociationController: Sendable {
    let deployment: Deployment

    /// `/.well-known/apple-app-site-association`: `webcredentials` lets the listed iOS apps use
    /// passkeys for this domain.
    struct AppleDocument: Encodable, Equatable {
        struct Apps: Encodable, Equatable { var apps: [String] }
        var webcredentials: Apps
    }

    /// One statement of `/.well-known/assetlinks.json` (Digital Asset Links).
    struct AssetStatement: Encodable, Equatable {
        struct Target: Encodable, Equatable {
            var namespace = "android_app"
            var package_name: String
            var sha256_cert_fingerprints: [String]
        }
        var relation: [String]
        var target: Target
    }

    /// `/.well-known/webauthn` (WebAuthn L3 §5.11.1): the origins that may use this RP ID.
    struct RelatedOrigins: Encodable, Equatable { var origins: [String] }

    var appleDocument: AppleDocument? {
        deployment.appleApps.isEmpty ? nil : AppleDocument(webcredentials: .init(apps: deployment.appleApps))
    }

    var assetLinks: [AssetStatement]? {
        guard !deployment.androidApps.isEmpty else { return nil }
        return deployment.androidApps.map { app in
            AssetStatement(
                // get_login_creds shares passkeys and passwords with the app; handle_all_urls opens the bank's links in it
                relation: ["delegate_permission/common.get_login_creds", "delegate_permission/common.handle_all_urls"],
                target: .init(package_name: app.package, sha256_cert_fingerprints: app.sha256CertFingerprints)
            )
        }
    }

    var relatedOrigins: RelatedOrigins? {
        deployment.relatedOrigins.isEmpty ? nil : RelatedOrigins(origins: deployment.relatedOrigins)
    }

    func addRoutes(to router: Router<PassbankRequestContext>) {
        router.get("/.well-known/apple-app-site-association") { _, _ in try Self.answer(appleDocument) }
        router.get("/.well-known/assetlinks.json") { _, _ in try Self.answer(assetLinks) }
        router.get("/.well-known/webauthn") { _, _ in try Self.answer(relatedOrigins) }
    }

    static func answer(_ document: (some Encodable)?) throws -> Response {
        guard let document else {
            throw Problem(code: "not-found", detail: "This deployment has not configured this file.")
        }
        return try JSONResponse.make(document)
    }
}
