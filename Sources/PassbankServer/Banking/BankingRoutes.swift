import Hummingbird

/// The banking API under `/api/`, with its CORS preflights.
enum BankingRoutes {
    static let paths = [
        "me", "accounts", "accounts/{id}/transactions", "payees", "transfers", "passkeys", "passkeys/{id}", "consents", "consents/{clientId}",
    ]

    static func add(to router: Router<PassbankRequestContext>, environment: BankingEnvironment) {
        let allowsOrigin: @Sendable (String) -> Bool = { environment.allowsOrigin($0) }
        let api = router.group("api").add(middleware: APICORSMiddleware(allowsOrigin: allowsOrigin))
        for path in paths {
            api.on(RouterPath(stringLiteral: path), method: .options) { request, _ in
                APICORSMiddleware.preflight(request, allowsOrigin: allowsOrigin)
            }
        }
        AccountsController(environment: environment).addRoutes(to: api)
        TransfersController(environment: environment).addRoutes(to: api)
        PayeesController(environment: environment).addRoutes(to: api)
        PasskeysController(environment: environment).addRoutes(to: api)
        ConsentsController(environment: environment).addRoutes(to: api)
    }
}
