/// Why a notification could not be delivered, in words a person understands.
enum DeliveryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host name did not resolve.
    case dns(host: String)
    /// Nothing listens at the address.
    case refused(host: String, port: Int)
    /// No answer in time.
    case timeout(seconds: Int)
    /// The TLS handshake failed (certificate, protocol version …).
    case tls(String)
    /// The server refused the credentials.
    case authentication(String)
    /// The server refused a recipient.
    case rejectedRecipient(String)
    /// The server answered with an error.
    case rejected(status: Int, reason: String)
    /// The configuration cannot be used (bad URL, missing recipients …).
    case configuration(String)
    /// Any other network or protocol failure.
    case other(String)

    var description: String {
        switch self {
        case .dns(let host): "The host name '\(host)' could not be resolved (DNS failure)"
        case .refused(let host, let port): "The connection to \(host):\(port) was refused: nothing is listening there"
        case .timeout(let seconds): "The server did not answer within \(seconds) seconds (timeout)"
        case .tls(let detail): "The secure connection (TLS) failed: \(detail)"
        case .authentication(let detail): "The server rejected the user name or password (authentication failed): \(detail)"
        case .rejectedRecipient(let detail): "The server rejected a recipient: \(detail)"
        case .rejected(let status, let reason): "The server answered \(status)\(reason.isEmpty ? "" : ": \(reason)")"
        case .configuration(let detail): "The configuration cannot be used: \(detail)"
        case .other(let detail): detail
        }
    }

    /// Whether the channel could not be reached at all (no name, no listener, no answer): the
    /// overdue check leaves such a channel out for the rest of its run.
    var isUnreachable: Bool {
        switch self {
        case .dns, .refused, .timeout: true
        default: false
        }
    }

    /// Whether trying again may help: network failures are retried, answers are not.
    var isRetryable: Bool {
        switch self {
        case .dns, .refused, .timeout, .other: true
        default: false
        }
    }

    /// Classifies a network error thrown by NIO or AsyncHTTPClient.
    static func classify(_ error: any Error, host: String, port: Int, timeoutSeconds: Int) -> DeliveryError {
        if let known = error as? DeliveryError { return known }
        if error is CancellationError { return .other("Cancelled: the server is stopping") }
        let text = String(describing: error)
        let lowered = text.lowercased()
        if lowered.contains("refused") { return .refused(host: host, port: port) }
        if lowered.contains("timeout") || lowered.contains("timedout") || lowered.contains("deadline") {
            return .timeout(seconds: timeoutSeconds)
        }
        if lowered.contains("dns") || lowered.contains("resolv") || lowered.contains("nxdomain") || lowered.contains("unknown host") {
            return .dns(host: host)
        }
        if lowered.contains("ssl") || lowered.contains("tls") || lowered.contains("certificate") || lowered.contains("handshake") {
            return .tls(ConnectionFailureText.TLSFailure(text).reason)
        }
        return .other("Network failure: \(ConnectionFailureText.networkReason(error))")
    }
}

/// How often and how far apart failed network deliveries are retried.
struct RetryPolicy: Sendable {
    /// Attempts in all (1 = no retry).
    var attempts: Int
    /// The wait between attempts.
    var delay: Duration

    /// `monitoring.md` §7: a network failure is retried up to 5 times, 3 seconds apart (six
    /// attempts in all).
    static let standard = RetryPolicy(attempts: 6, delay: .seconds(3))
    /// One attempt (the test endpoint).
    static let once = RetryPolicy(attempts: 1, delay: .zero)

    /// Runs `attempt` until it succeeds, fails with an error that is not retryable, or attempts run out.
    func run<Value: Sendable>(_ attempt: () async throws(DeliveryError) -> Value) async throws(DeliveryError) -> Value {
        var remaining = max(1, attempts)
        while true {
            do {
                return try await attempt()
            } catch {
                remaining -= 1
                guard error.isRetryable, remaining > 0, !Task.isCancelled else { throw error }
                try? await Task.sleep(for: delay)
            }
        }
    }
}
