import Crypto
import FlatStore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A secret as stored: AES-GCM sealed with the data directory's key (`v1:<base64>`), so no data
/// file ever holds it plain.
struct SealedSecret: Sendable, Codable, Equatable {
    /// `v1:` and the base64 of nonce, ciphertext and tag.
    var sealed: String

    init(sealed: String) { self.sealed = sealed }

    init(from decoder: any Decoder) throws { sealed = try decoder.singleValueContainer().decode(String.self) }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sealed)
    }
}

/// Seals and opens secrets with a 256-bit key kept in the sidecar file `secrets.key` (mode 0600)
/// of the store the holder holds now, so a restore brings its own key along.
struct SecretBox: Sendable {
    /// The key file's name in the data directory.
    static let keyFileName = "secrets.key"

    /// Why a secret could not be opened.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case keyMissing
        case keyChanged

        var description: String {
            switch self {
            case .keyMissing: "the secret key file (secrets.key) is missing from the data directory; re-enter the secrets"
            case .keyChanged: "the secret key file (secrets.key) changed since the secret was stored; re-enter the secrets"
            }
        }
    }

    /// The store whose key is used.
    let holder: StoreHolder

    /// Seals `plain`, creating the key file on first use.
    func seal(_ plain: String) throws -> SealedSecret {
        let box = try AES.GCM.seal(Data(plain.utf8), using: try key(create: true))
        guard let combined = box.combined else { throw Failure.keyChanged }
        return SealedSecret(sealed: "v1:" + combined.base64EncodedString())
    }

    /// The plain text of `secret`.
    func open(_ secret: SealedSecret) throws -> String {
        let key = try key(create: false)
        guard secret.sealed.hasPrefix("v1:"), let data = Data(base64Encoded: String(secret.sealed.dropFirst(3))) else {
            throw Failure.keyChanged
        }
        do {
            let plain = try AES.GCM.open(try AES.GCM.SealedBox(combined: data), using: key)
            return String(decoding: plain, as: UTF8.self)
        } catch {
            throw Failure.keyChanged
        }
    }

    /// The key from the key file; a new one is written (0600, durably) when `create` and none exists.
    private func key(create: Bool) throws -> SymmetricKey {
        let store = holder.current
        if let bytes = try store.readSidecar(Self.keyFileName),
            let data = Data(base64Encoded: String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }), data.count == 32
        {
            return SymmetricKey(data: data)
        }
        guard create else { throw Failure.keyMissing }
        let key = SymmetricKey(size: .bits256)
        let text = key.withUnsafeBytes { Data($0) }.base64EncodedString() + "\n"
        try store.writeSidecar(Self.keyFileName, contents: Array(text.utf8), private: true)
        return key
    }
}
