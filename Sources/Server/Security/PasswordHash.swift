import Crypto
import CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A password kept as a slow salted hash, PBKDF2-HMAC-SHA256, so a copy of the data directory
/// does not give it away to a fast guesser. Written as `pbkdf2-sha256$ROUNDS$SALT$HASH` (hex),
/// which names its own algorithm and cost, so a later release can raise the cost and still read
/// older hashes.
struct PasswordHash: Sendable, Equatable {
    /// The rounds of new hashes: OWASP's figure for PBKDF2-HMAC-SHA256 (about 0.1 s of one core
    /// in a release build on this project's reference machine; a sign-in costs one hash, a
    /// change two).
    static let defaultRounds = 600_000
    /// The fewest rounds a stored hash may claim; fewer would make guessing cheap.
    static let minimumRounds = 100_000
    /// The most rounds a stored hash may claim: a damaged or hostile record could otherwise make
    /// every sign-in take minutes (BoringSSL takes the count as 32 bits, so far more would trap).
    static let maximumRounds = 10 * defaultRounds
    /// The algorithm's name in the written form.
    static let scheme = "pbkdf2-sha256"

    /// The PBKDF2 rounds.
    let rounds: Int
    /// The random salt.
    let salt: [UInt8]
    /// The derived key.
    private let derived: SymmetricKey

    /// The hash of `password` under a new random salt.
    init(hashing password: String, rounds: Int = PasswordHash.defaultRounds) throws {
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max) }
        try self.init(rounds: rounds, salt: salt, derived: Self.derive(password, salt: salt, rounds: rounds))
    }

    /// A hash as `encoded` writes it; nil when it is not one, or claims too few or too many rounds.
    init?(encoded text: String) {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let rounds = Int(parts[1]),
            (Self.minimumRounds...Self.maximumRounds).contains(rounds),
            let salt = [UInt8](hex: parts[2]), salt.count >= 16, let derived = [UInt8](hex: parts[3]), derived.count == 32
        else { return nil }
        self.init(rounds: rounds, salt: salt, derived: SymmetricKey(data: derived))
    }

    private init(rounds: Int, salt: [UInt8], derived: SymmetricKey) {
        self.rounds = rounds
        self.salt = salt
        self.derived = derived
    }

    /// The written form, `pbkdf2-sha256$ROUNDS$SALT$HASH`.
    var encoded: String {
        let key = derived.withUnsafeBytes { [UInt8]($0) }
        return "\(Self.scheme)$\(rounds)$\(salt.lowercaseHex)$\(key.lowercaseHex)"
    }

    /// Whether `candidate` is the password; CPU-heavy by design, so callers keep it off the event loops.
    func verifies(_ candidate: String) -> Bool {
        // SymmetricKey compares in constant time.
        (try? Self.derive(candidate, salt: salt, rounds: rounds)) == derived
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> SymmetricKey {
        try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8),
            salt: salt,
            using: .sha256,
            outputByteCount: 32,
            unsafeUncheckedRounds: rounds
        )
    }
}
