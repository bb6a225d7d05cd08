import AsyncHTTPClient
import NIOCore
import NIOPosix
import NIOSSL

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why talking to a Duplicati server failed, in words a person can act on (api.md §7: answered 502).
struct DuplicatiFailure: Error, Sendable, Equatable {
    /// The kind of failure, for callers that react to it (an unreachable server, a wrong password).
    enum Kind: String, Sendable {
        case dns, refused, timeout, tls, authentication, rejected, badAnswer, noMachineId
        /// The connection failed another way (reset, closed before an answer).
        case network
    }

    var kind: Kind
    /// The sentence shown to the user.
    var message: String
    /// For a `tls` failure, what went wrong, which tells how much the other candidates' failures say.
    var tlsFailure: ConnectionFailureText.TLSFailure?

    /// The host name did not resolve.
    static func dns(_ endpoint: DuplicatiEndpoint) -> Self {
        Self(kind: .dns, message: "Cannot find the host '\(endpoint.host)' (DNS lookup failed); check the host name")
    }

    /// Nothing listens on the port.
    static func refused(_ endpoint: DuplicatiEndpoint) -> Self {
        Self(
            kind: .refused,
            message: "\(endpoint.host) refused the connection on port \(endpoint.port); check that Duplicati's web server runs on that port"
        )
    }

    /// No answer in time.
    static func timeout(_ endpoint: DuplicatiEndpoint, seconds: Int64) -> Self {
        Self(kind: .timeout, message: "\(endpoint.url) did not answer within \(seconds) seconds")
    }

    /// The TLS handshake failed (often a self-signed certificate).
    static func tls(_ endpoint: DuplicatiEndpoint, _ failure: ConnectionFailureText.TLSFailure) -> Self {
        Self(
            kind: .tls,
            message: """
                The TLS connection to \(endpoint.url) failed (\(failure.reason)); if Duplicati uses a self-signed \
                certificate, send allowSelfSigned: true for this server
                """,
            tlsFailure: failure
        )
    }

    /// Duplicati refused the password.
    static func authentication(_ endpoint: DuplicatiEndpoint) -> Self {
        Self(kind: .authentication, message: "Duplicati at \(endpoint.url) rejected the password")
    }

    /// Duplicati answered with an error status.
    static func rejected(_ endpoint: DuplicatiEndpoint, _ what: String, status: UInt) -> Self {
        Self(kind: .rejected, message: "Duplicati at \(endpoint.url) answered \(status) when asked for \(what)")
    }

    /// Duplicati answered with something that is not the JSON it sends.
    static func badAnswer(_ endpoint: DuplicatiEndpoint, _ what: String) -> Self {
        Self(kind: .badAnswer, message: "\(endpoint.url) did not answer \(what) the way Duplicati 2.1 or newer does")
    }

    /// Classifies an error of the HTTP client.
    static func classify(_ error: any Error, _ endpoint: DuplicatiEndpoint, timeoutSeconds: Int64) -> Self {
        if let failure = error as? DuplicatiFailure { return failure }
        if let client = error as? HTTPClientError, client == .connectTimeout {
            let seconds = min(timeoutSeconds, HTTPClient.outsideServicesConnectSeconds)
            return Self(kind: .timeout, message: "\(endpoint.url) did not accept a connection within \(seconds) seconds")
        }
        if let client = error as? HTTPClientError, [.deadlineExceeded, .readTimeout].contains(client) {
            return .timeout(endpoint, seconds: timeoutSeconds)
        }
        if let connection = error as? NIOConnectionError {
            if connection.connectionErrors.isEmpty, connection.dnsAError != nil || connection.dnsAAAAError != nil {
                return .dns(endpoint)
            }
            if connection.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return .refused(endpoint)
            }
        }
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED { return .refused(endpoint) }
        let text = "\(error)"
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return .tls(endpoint, ConnectionFailureText.TLSFailure(text))
        }
        let lowered = text.lowercased()
        if lowered.contains("refused") { return .refused(endpoint) }
        if lowered.contains("timeout") || lowered.contains("timed out") {
            return .timeout(endpoint, seconds: timeoutSeconds)
        }
        return Self(kind: .network, message: "Could not talk to \(endpoint.url): \(ConnectionFailureText.networkReason(error))")
    }
}
