import Hummingbird

/// `POST notifications/test` (`api.md` §6, `monitoring.md` §8): a real test notification, one
/// attempt, failures answered 502 naming the cause.
struct NotificationTestRoute: Sendable {
    let backups: BackupStore
    let delivery: NotificationDelivery
    let clock: any WallClock

    /// The request.
    struct Body: Decodable {
        var type: String
        var ntfyConfig: NtfyBody?
        var template: NotificationTemplate?
        var toEmail: String?
    }

    /// Which channels received it.
    struct Sent: Encodable, Sendable {
        var channels: [String]
    }

    @Sendable
    func test(_ request: Request, context: AppRequestContext) async throws -> APIResponse<Sent> {
        let body = try await request.decodeJSON(as: Body.self, context: context)
        let sentAt = NotificationVariables.date(clock.now())
        switch body.type {
        case "simple":
            let stored = backups.configuration(.ntfy, as: NtfyConfiguration.self) ?? .standard()
            let config = try body.ntfyConfig.map { try $0.applied(to: stored, secrets: delivery.secrets, prefix: "ntfyConfig.") } ?? stored
            let notification = OutgoingNotification(
                event: "test",
                title: "Test Notification",
                message: "This is a test notification from duplistatus.\nSent at \(sentAt)",
                priority: .default,
                tags: "test"
            )
            try await answer { () async throws(DeliveryError) in try await delivery.sendNtfy(notification, config, retry: .once) }
            return .success(Sent(channels: ["ntfy"]), message: "Test notification sent")
        case "template":
            guard let template = body.template else { throw invalidField("template", "is required for type template") }
            let variables = Dictionary(uniqueKeysWithValues: NotificationVariables.names.map { ($0, $0) })
            var notification = template.render(variables, event: "test")
            notification.message += "\nSent at \(sentAt)"
            let channels = delivery.configuredChannels()
            guard !channels.isEmpty else { throw APIError(.validation, "No notification channel is configured") }
            let outcome = await delivery.deliver(notification, on: channels, retry: .once)
            for case (let channel, .failure(let error)) in outcome.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                throw APIError(.badGateway, "\(channel.rawValue): \(error.description)", details: ["channel": .string(channel.rawValue)])
            }
            return .success(Sent(channels: channels.map(\.rawValue)), message: "Test notification sent")
        case "email":
            guard let config = backups.configuration(.email, as: EmailConfiguration.self) else {
                throw APIError(.validation, "E-mail is not configured")
            }
            if let toEmail = body.toEmail, !EmailBody.isAddress(toEmail) { throw invalidField("toEmail", "must be an e-mail address") }
            let recipients = body.toEmail.map { [$0] } ?? config.recipients
            let text =
                "This is a test email from duplistatus.\nSent at \(sentAt)\nServer: \(config.host):\(config.port) (\(config.connectionType.rawValue))"
            try await answer { () async throws(DeliveryError) in
                try await delivery.sendMail("Test Email from duplistatus", text, config, to: recipients)
            }
            return .success(Sent(channels: ["email"]), message: "Test e-mail sent")
        default:
            throw invalidField("type", "must be simple, template or email")
        }
    }

    /// Runs `send`; a delivery failure becomes 502 (a configuration problem 400) naming the cause.
    private func answer(_ send: () async throws(DeliveryError) -> Void) async throws {
        do throws(DeliveryError) {
            try await send()
        } catch {
            if case .configuration = error { throw APIError(.validation, error.description) }
            throw APIError(.badGateway, error.description)
        }
    }
}
