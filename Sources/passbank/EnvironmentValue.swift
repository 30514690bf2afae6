import ArgumentParser
import Foundation

/// A setting taken from its command-line option, else from its `PASSBANK_*` environment variable,
/// else from its default. A malformed environment value is an error, never silently ignored.
struct EnvironmentValue {
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    func string(_ option: String?, _ variable: String, default value: String) -> String {
        option ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 } ?? value
    }

    func optionalString(_ option: String?, _ variable: String) -> String? {
        option ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    func integer(_ option: Int?, _ variable: String, default value: Int) throws -> Int {
        if let option { return option }
        guard let raw = environment[variable], !raw.isEmpty else { return value }
        guard let parsed = Int(raw) else {
            throw ValidationError("The environment variable \(variable)='\(raw)' is not a whole number.")
        }
        return parsed
    }
}
