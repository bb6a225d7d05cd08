import Crypto

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A secret the server compares requests against in constant time (the admin password, the
/// upload token, a session's CSRF token), kept as its SHA-256 only.
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
