import Logging

/// The admin password as given at startup, by file or environment variable.
struct ConfiguredPassword: Sendable, CustomStringConvertible {
    /// The password.
    let value: String

    /// Never the password itself, should a configuration be printed.
    var description: String { "(admin password)" }
}

/// The admin password in force: the configured one, or the one set on the settings page since,
/// as long as the configured one is still the password it replaced.
///
/// A password set on the page is checked with a slow hash (`PasswordHash`), off the event loops;
/// the configured one, while nothing replaces it, with its SHA-256 (`SharedSecret`). Which one
/// counts is decided again whenever the stored record differs from the one last looked at, so a
/// restored archive's password counts at once, as it would after a restart.
actor AdminPassword {
    /// The fewest characters an admin password may have.
    static let minimumLength = 8

    /// Which password counts for one stored record.
    private struct Decision {
        /// The record decided on; nil when none is stored.
        var record: AdminPasswordRecord?
        /// The password set on the page when it counts; nil when the configured one does.
        var hash: PasswordHash?
    }

    /// The configured password: kept to learn whether a stored record replaced it.
    private let configured: String
    private let configuredSecret: SharedSecret
    private var decision: Decision?
    /// Whether a change is being stored; a second one meanwhile is refused, so the store and
    /// memory cannot end up holding different passwords.
    private var changing = false
    private let backups: BackupStore
    private let logger = Logger(label: "duplistatus.security")

    /// The admin password for `configured` and what `backups` stores.
    init(configured: ConfiguredPassword, backups: BackupStore) {
        self.configured = configured.value
        configuredSecret = SharedSecret(configured.value)
        self.backups = backups
    }

    /// Which password counts for the record stored now; deciding costs a slow hash when a record
    /// is stored, so it is kept until the record changes.
    @discardableResult
    func settle() async -> (record: AdminPasswordRecord?, hash: PasswordHash?) {
        let record = backups.adminPasswordRecord()
        if let decision, decision.record == record { return (record, decision.hash) }
        var hash: PasswordHash?
        if let record {
            let replaced = PasswordHash(encoded: record.replaces)
            let configured = configured
            if await Self.offLoop({ replaced?.verifies(configured) ?? false }) {
                hash = PasswordHash(encoded: record.hash)
            } else {
                logger.notice("the admin password file or variable holds a new password; it replaces the one set on the settings page")
            }
        }
        decision = Decision(record: record, hash: hash)
        return (record, hash)
    }

    /// Whether `candidate` is the admin password.
    func verifies(_ candidate: String) async -> Bool {
        guard let hash = await settle().hash else { return configuredSecret.matches(candidate) }
        return await Self.offLoop { hash.verifies(candidate) }
    }

    /// Makes `new` the admin password, durably, if `old` is the current one; false when it is not.
    func change(from old: String, to new: String, now: Int64) async throws -> Bool {
        guard !changing else { throw APIError(.conflict, "The admin password is being changed by another request; try again") }
        changing = true
        defer { changing = false }
        let inForce = await settle()
        guard await verifies(old) else { return false }
        // What the new password replaces is always the configured one: the one typed when it is
        // in force, else the one the password in force replaced.
        let replaces: String
        if inForce.hash != nil, let record = inForce.record {
            replaces = record.replaces
        } else {
            replaces = try await Self.offLoop { try PasswordHash(hashing: old).encoded }
        }
        let hash = try await Self.offLoop { try PasswordHash(hashing: new) }
        let record = AdminPasswordRecord(hash: hash.encoded, replaces: replaces, changed: now)
        try await backups.storeAdminPassword(record)
        decision = Decision(record: record, hash: hash)
        return true
    }

    /// Runs a slow hash on Swift's thread pool rather than on the caller's event loop.
    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await Task.detached(operation: work).value
    }

    /// Runs a slow hash that may fail on Swift's thread pool rather than on the caller's event loop.
    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await Task.detached(operation: work).value
    }
}
