import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a secret given to a command comes from: a file named by a flag, a file named by the
/// environment, or the environment itself.
enum SecretSource {
    /// The secret from `file`, else the file the environment names, else the variable itself.
    static func read(file: String?, fileVariable: String, variable: String, environment: [String: String]) throws -> String? {
        if let path = file ?? environment[fileVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("cannot read the secret file '\(path)' given by \(file == nil ? fileVariable : "the command line")")
            }
            let firstLine = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !firstLine.isEmpty else {
                throw ValidationError("the secret file given by \(file == nil ? fileVariable : "the command line") is empty")
            }
            return firstLine
        }
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return value
    }

    /// The upload token from `--upload-token-file`, `DUPLISTATUS_UPLOAD_TOKEN_FILE` or
    /// `DUPLISTATUS_UPLOAD_TOKEN`, for the server and for `import --url` alike.
    static func uploadToken(file: String?, environment: [String: String]) throws -> String? {
        try read(file: file, fileVariable: "DUPLISTATUS_UPLOAD_TOKEN_FILE", variable: "DUPLISTATUS_UPLOAD_TOKEN", environment: environment)
    }
}
