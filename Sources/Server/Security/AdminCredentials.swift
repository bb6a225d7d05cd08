import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The admin password the server was started with, kept only as a keyed hash so a candidate is
/// compared in constant time and the plain text does not stay in memory longer than start-up.
struct AdminCredentials: Sendable {
    /// A key drawn at start-up; both sides of a comparison are hashed with it.
    private let key = SymmetricKey(size: .bits256)
    /// The password's authentication code under `key`.
    private let passwordCode: HashedAuthenticationCode<SHA256>

    /// Credentials for `password`.
    init(password: String) {
        passwordCode = HMAC<SHA256>.authenticationCode(for: Data(password.utf8), using: key)
    }

    /// Whether `candidate` is the password; the comparison takes the same time whatever it holds.
    func matches(_ candidate: String) -> Bool {
        // swift-crypto compares authentication codes in constant time.
        HMAC<SHA256>.authenticationCode(for: Data(candidate.utf8), using: key) == passwordCode
    }
}

/// A secret the server compares requests against, such as the upload token, in constant time.
struct SharedSecret: Sendable {
    /// The secret's SHA-256.
    private let digest: SHA256.Digest

    /// A secret holding `value`.
    init(_ value: String) {
        digest = SHA256.hash(data: Data(value.utf8))
    }

    /// Whether `candidate` is the secret.
    func matches(_ candidate: String) -> Bool {
        // Digests compare in constant time, and hashing first hides the secret's length.
        SHA256.hash(data: Data(candidate.utf8)) == digest
    }
}
