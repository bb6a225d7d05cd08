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
/// A password set on the page is checked with a slow hash (`PasswordHash`), off the event loops
/// and at most `slowCheckLimit` at once; the configured one, while nothing replaces it, with its
/// SHA-256 (`SharedSecret`). Which one counts is decided again whenever the stored record differs
/// from the one last decided on, so a restored archive's password counts at once.
actor AdminPassword {
    /// What checking a password found.
    enum Verdict: Sendable, Equatable {
        case right, wrong
        /// Too many slow checks are running already; the caller may try again shortly.
        case busy
    }

    /// The fewest characters an admin password may have.
    static let minimumLength = 8
    /// The most characters a new admin password may have.
    static let maximumLength = 1024
    /// Slow hashes checked at once at most, so a flood of sign-ins cannot take every core.
    static let slowCheckLimit = 2

    /// The configured password: kept to learn whether a stored record replaced it.
    private let configured: String
    private let configuredSecret: SharedSecret
    /// The record last decided on and the password set on the page if it counts (nil when the
    /// configured one does), worked out once per record, by whoever asks first.
    private var decision: (record: AdminPasswordRecord?, hash: Task<PasswordHash?, Never>)?
    private var slowChecks = 0
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

    /// The stored record and, when it counts, the password set on the page it holds.
    @discardableResult
    func settle() async -> (record: AdminPasswordRecord?, hash: PasswordHash?) {
        let record = backups.adminPasswordRecord()
        if let decision, decision.record == record { return (record, await decision.hash.value) }
        let decided: Task<PasswordHash?, Never>
        if let record {
            decided = Task.detached { [configured, backups, logger] in
                if PasswordHash(encoded: record.replaces)?.verifies(configured) == true, let hash = PasswordHash(encoded: record.hash) {
                    return hash
                }
                // The file or variable holds another password now: it wins, and the one set on
                // the page is forgotten, so putting an old configured password back later does
                // not revive a forgotten one.
                logger.notice("the admin password file or variable holds a new password; it replaces the one set on the settings page")
                do {
                    try await backups.deleteAdminPassword(record)
                } catch {
                    logger.error("could not forget the admin password set on the settings page", metadata: ["error": "\(error)"])
                }
                return nil
            }
        } else {
            decided = Task { nil }
        }
        decision = (record, decided)
        return (record, await decided.value)
    }

    /// Whether `candidate` is the admin password.
    func verify(_ candidate: String) async -> Verdict {
        guard let hash = await settle().hash else { return configuredSecret.matches(candidate) ? .right : .wrong }
        return await slowCheck(candidate, against: hash)
    }

    /// Makes `new` the admin password, durably, if `old` is the one in force.
    func change(from old: String, to new: String, now: Int64) async throws -> Verdict {
        guard !changing else { throw APIError(.conflict, "The admin password is being changed by another request; try again") }
        changing = true
        defer { changing = false }
        let inForce = await settle()
        // What the new password replaces is always the configured one: the one typed when it is
        // in force, else the one the password in force replaced.
        let replaces: String
        if let hash = inForce.hash, let record = inForce.record {
            let verdict = await slowCheck(old, against: hash)
            guard verdict == .right else { return verdict }
            replaces = record.replaces
        } else {
            guard configuredSecret.matches(old) else { return .wrong }
            replaces = try await Self.offLoop { Result { try PasswordHash(hashing: old).encoded } }.get()
        }
        let hash = try await Self.offLoop { Result { try PasswordHash(hashing: new) } }.get()
        let record = AdminPasswordRecord(hash: hash.encoded, replaces: replaces, changed: now)
        try await backups.storeAdminPassword(record)
        decision = (record, Task { hash })
        return .right
    }

    /// Checks `candidate` against `hash` on Swift's thread pool, unless enough checks run already.
    private func slowCheck(_ candidate: String, against hash: PasswordHash) async -> Verdict {
        guard slowChecks < Self.slowCheckLimit else { return .busy }
        slowChecks += 1
        defer { slowChecks -= 1 }
        return await Self.offLoop { hash.verifies(candidate) } ? .right : .wrong
    }

    /// Runs a slow hash on Swift's thread pool rather than on the caller's event loop.
    private static func offLoop<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await Task.detached(operation: work).value
    }
}
