import ArgumentParser

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ServeCommand {
    /// Fills the admin password and the upload token from their files or the environment.
    ///
    /// A file wins over its variable's plain form, so a secret need not appear in a process list
    /// or a compose file. Only the first line of a file counts, without its line break.
    func readSecrets(into config: inout AppConfiguration, environment: [String: String]) throws {
        if let password = try SecretSource.read(
            file: adminPasswordFile,
            fileVariable: "DUPLISTATUS_ADMIN_PASSWORD_FILE",
            variable: "DUPLISTATUS_ADMIN_PASSWORD",
            environment: environment
        ) {
            guard password.count >= AdminPassword.minimumLength else {
                throw ValidationError("the admin password must hold at least \(AdminPassword.minimumLength) characters")
            }
            config.adminPassword = ConfiguredPassword(value: password)
        }
        if let token = try SecretSource.uploadToken(file: uploadTokenFile, environment: environment) {
            // It is pasted into Duplicati's URL as it is, so it holds only characters a URL keeps.
            guard token.count >= 16, token.utf8.allSatisfy(PageLink.isUnreserved) else {
                throw ValidationError("the upload token must hold at least 16 characters, each a letter, digit, '-', '.', '_' or '~'")
            }
            config.uploadToken = SharedSecret(token)
        }
    }
}
