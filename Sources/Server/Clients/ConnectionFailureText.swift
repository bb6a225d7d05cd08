import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Words for what the network and TLS libraries report, for answers and logs.
///
/// Their own descriptions name the libraries' types and, for BoringSSL's errors, source paths of
/// the machine that built the binary, which answers must not show.
enum ConnectionFailureText {
    /// What went wrong in a TLS handshake.
    enum TLSFailure: Sendable, Equatable {
        /// The certificate did not verify: self-signed, expired or for another name.
        case untrusted
        /// The other side does not speak TLS on that port (plain HTTP, most likely).
        case notTLS
        /// The other side closed the connection during the handshake.
        case closed
        /// Any other handshake failure.
        case other

        /// The failure described by the TLS library's description of the error.
        init(_ description: String) {
            if description.contains("CERTIFICATE_VERIFY_FAILED") {
                self = .untrusted
            } else if ["WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "HTTP_REQUEST"].contains(where: description.contains) {
                self = .notTLS
            } else if description.contains("uncleanShutdown") {
                self = .closed
            } else {
                self = .other
            }
        }

        /// The failure in words.
        var reason: String {
            switch self {
            case .untrusted: "its certificate is not trusted: self-signed, expired or for another name"
            case .notTLS: "it does not speak TLS on this port"
            case .closed: "it closed the connection during the handshake"
            case .other: "the handshake failed"
            }
        }
    }

    /// Another failure of a connection: the system's words for a socket error, else a general one.
    static func networkReason(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "the connection failed"
    }
}
