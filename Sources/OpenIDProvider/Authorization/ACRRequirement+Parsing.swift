import Foundation

extension ACRRequirement {
    /// The largest `max_age` accepted (one year); larger values are treated as malformed.
    static let maximumMaxAge = 31_536_000

    /// Reads `acr_values`, `claims` and `max_age` of an authorization request.
    ///
    /// An `acr` in `claims` (OIDC Core §5.5.1.1) takes precedence over `acr_values`. Requested
    /// values are treated as requirements: the banking API relies on the `acr` it asked for.
    ///
    /// - Throws: `invalid_request` for unknown `acr` values, malformed `claims` JSON or a bad `max_age`.
    static func parse(_ parameters: RequestParameters) throws(OAuthError) -> ACRRequirement {
        var requirement = ACRRequirement()
        if let acrValues = try parameters.single("acr_values", maxLength: AuthorizationRequest.Limit.short) {
            // OIDC Core §3.1.2.1: space-separated acr values in order of preference
            requirement.acceptable = try acrValues.split(separator: " ").map(Self.known)
        }
        if let claims = try parameters.single("claims", maxLength: AuthorizationRequest.Limit.claims) {
            if let fromClaims = try Self.acrFromClaims(claims) {
                requirement.acceptable = fromClaims.values
                requirement.isEssential = fromClaims.essential
            }
        }
        if let maxAge = try parameters.single("max_age", maxLength: 10) {
            // OIDC Core §3.1.2.1: max_age is a non-negative integer number of seconds
            guard maxAge.allSatisfy(\.isASCIIDigit), let seconds = Int(maxAge), seconds <= Self.maximumMaxAge else {
                throw OAuthError.invalidRequest("The max_age parameter must be a non-negative integer.")
            }
            requirement.maxAge = seconds
        }
        return requirement
    }

    private static func known(_ value: Substring) throws(OAuthError) -> AuthenticationContextClass {
        guard let acr = AuthenticationContextClass(rawValue: String(value)) else {
            throw OAuthError.invalidRequest("An acr value is not supported.")
        }
        return acr
    }

    /// The `id_token.acr` member of a `claims` parameter (OIDC Core §5.5, §5.5.1.1), if any.
    private static func acrFromClaims(_ json: String) throws(OAuthError) -> (values: [AuthenticationContextClass], essential: Bool)? {
        let malformed = OAuthError.invalidRequest("The claims parameter is not valid JSON of the expected form.")
        // OIDC Core §5.5: the claims parameter is a JSON object whose members are objects
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { throw malformed }
        for member in ["userinfo", "id_token"] {
            switch object[member] {
            case nil, .null?, .object?: continue
            default: throw malformed
            }
        }
        guard case .object(let idToken)? = object["id_token"], let acr = idToken["acr"] else { return nil }
        if acr == .null { return ([], false) }
        guard case .object(let request) = acr else { throw malformed }
        // OIDC Core §5.5.1: essential is a boolean, value a string, values an array of strings
        var essential = false
        switch request["essential"] {
        case nil: break
        case .bool(let flag)?: essential = flag
        default: throw malformed
        }
        var raw: [String] = []
        switch (request["value"], request["values"]) {
        case (nil, nil): break
        case (.string(let value)?, nil): raw = [value]
        case (nil, .array(let values)?):
            for value in values {
                guard case .string(let string) = value else { throw malformed }
                raw.append(string)
            }
        default: throw malformed
        }
        var known: [AuthenticationContextClass] = []
        for value in raw { known.append(try Self.known(value[...])) }
        return (known, essential)
    }
}
