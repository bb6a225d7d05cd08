import NIOCore
import NIOPosix
import NIOSSL

/// Where and how to reach an SMTP server.
struct SMTPEndpoint: Sendable {
    var host: String
    var port: Int
    var security: EmailConfiguration.ConnectionType
    /// Credentials; nil sends no AUTH.
    var credentials: (username: String, password: String)?
    /// The time the whole conversation may take.
    var timeoutSeconds = 20
}

/// Sends one e-mail: the seam between the e-mail channel and the network.
protocol MailSender: Sendable {
    /// Delivers `message` through `endpoint`.
    func send(_ message: MailMessage, via endpoint: SMTPEndpoint) async throws(DeliveryError)
}

/// SMTP (RFC 5321) on SwiftNIO: plain, STARTTLS (required once chosen) or implicit TLS, both TLS 1.2+;
/// AUTH PLAIN or LOGIN (RFC 4954).
struct LiveSMTPClient: MailSender {
    /// Extra certificate authorities to trust (tests with their own certificate); nil trusts the system's.
    var trustRoots: NIOSSLTrustRoots?

    func send(_ message: MailMessage, via endpoint: SMTPEndpoint) async throws(DeliveryError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await converse(message, endpoint) }
                group.addTask {
                    try await Task.sleep(for: .seconds(endpoint.timeoutSeconds))
                    throw DeliveryError.timeout(seconds: endpoint.timeoutSeconds)
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            throw DeliveryError.classify(error, host: endpoint.host, port: endpoint.port, timeoutSeconds: endpoint.timeoutSeconds)
        }
    }

    /// The TLS context: TLS 1.2 or newer, the system's roots (plus `trustRoots`).
    private func tlsContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let trustRoots { configuration.trustRoots = trustRoots }
        return try NIOSSLContext(configuration: configuration)
    }

    /// Connects and runs the conversation.
    private func converse(_ message: MailMessage, _ endpoint: SMTPEndpoint) async throws {
        let context = try tlsContext()
        // SNI takes names only; for an address literal the certificate is checked against the address.
        let serverName = endpoint.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" } ? nil : endpoint.host
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(endpoint.timeoutSeconds)))
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if endpoint.security == .ssl {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: serverName))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            let localName = channel.channel.localAddress?.ipAddress.map { $0.contains(":") ? "[IPv6:\($0)]" : "[\($0)]" } ?? "localhost"
            try await session.expect(220, failure: { .rejected(status: $0.code, reason: $0.text) })
            var capabilities = try await session.hello(localName)
            if endpoint.security == .starttls {
                guard capabilities.contains("STARTTLS") else { throw DeliveryError.tls("the server does not offer STARTTLS") }
                try await session.command("STARTTLS", expect: 220)
                // The handler is not Sendable: make and add it on the channel's own event loop.
                try await channel.channel.eventLoop.submit {
                    try channel.channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: serverName),
                        position: .first
                    )
                }.get()
                // RFC 3207: everything learnt before TLS is forgotten; greet again.
                capabilities = try await session.hello(localName)
            }
            if let credentials = endpoint.credentials {
                try await session.authenticate(credentials.username, credentials.password, capabilities: capabilities)
            }
            try await session.command("MAIL FROM:<\(message.fromAddress)>", expect: 250)
            for recipient in message.recipients {
                try await session.expect(command: "RCPT TO:<\(recipient)>", codes: [250, 251]) {
                    .rejectedRecipient("<\(recipient)>: \($0.code) \($0.text)")
                }
            }
            try await session.command("DATA", expect: 354)
            try await session.write(MailMessage.dotStuffed(message.rendered()) + ".\r\n")
            try await session.expect(250, failure: { .rejected(status: $0.code, reason: $0.text) })
            try? await session.write("QUIT\r\n")
        }
    }
}
