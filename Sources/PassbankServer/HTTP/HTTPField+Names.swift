public import HTTPTypes

extension HTTPField.Name {
    /// Header names Passbank sets or reads that HTTPTypes does not name.
    public static let xFrameOptionsField = Self("X-Frame-Options")!
    public static let referrerPolicyField = Self("Referrer-Policy")!
    public static let permissionsPolicy = Self("Permissions-Policy")!
    public static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
    public static let crossOriginResourcePolicy = Self("Cross-Origin-Resource-Policy")!
    public static let requestID = Self("X-Request-Id")!
    public static let forwardedProto = Self("X-Forwarded-Proto")!
    public static let forwardedFor = Self("X-Forwarded-For")!
}
