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
        var template: TemplateChoice?
        var toEmail: String?
    }

    /// The template to test: one sent whole, or a stored one by name (`success`, `warning`,
    /// `overdueBackup`), as the settings page's buttons send it.
    enum TemplateChoice: Decodable {
        case inline(NotificationTemplate)
        case stored(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let name = try? container.decode(String.self) {
                self = .stored(name)
            } else {
                self = .inline(try container.decode(NotificationTemplate.self))
            }
        }
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
            let notification = Self.plainTest(sentAt: sentAt)
            try await answer { () async throws(DeliveryError) in try await delivery.sendNtfy(notification, config, retry: .once) }
            return .success(Sent(channels: ["ntfy"]), message: Self.sentMessage("Test notification sent", "ntfy", enabled: config.enabled))
        case "template":
            guard let choice = body.template else { throw invalidField("template", "is required for type template") }
            let template = try resolved(choice)
            let variables = Dictionary(uniqueKeysWithValues: NotificationVariables.names.map { ($0, $0) })
            var notification = template.render(variables, event: "test")
            notification.message += "\nSent at \(sentAt)"
            let channels = delivery.configuredChannels()
            guard !channels.isEmpty else { throw APIError(.validation, "No notification channel is enabled") }
            let outcome = await delivery.deliver(notification, on: channels, retry: .once, counted: false)
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
            return .success(Sent(channels: ["email"]), message: Self.sentMessage("Test e-mail sent", "e-mail", enabled: config.enabled))
        case "webhook":
            guard let config = backups.configuration(.webhook, as: WebhookConfiguration.self) else {
                throw APIError(.validation, "The webhook is not configured")
            }
            let notification = Self.plainTest(sentAt: sentAt)
            try await answer { () async throws(DeliveryError) in try await delivery.send(notification, on: .webhook, retry: .once) }
            return .success(Sent(channels: ["webhook"]), message: Self.sentMessage("Test notification sent", "the webhook", enabled: config.enabled))
        default:
            throw invalidField("type", "must be simple, template, email or webhook")
        }
    }

    /// What a test send says: that it arrived proves little when the channel is switched off.
    private static func sentMessage(_ sent: String, _ channel: String, enabled: Bool) -> String {
        enabled ? sent : sent + "; " + ConfigurationController.switchedOffNote(channel)
    }

    /// The test notification of ntfy and the webhook, sent at `sentAt` (already formatted).
    private static func plainTest(sentAt: String) -> OutgoingNotification {
        OutgoingNotification(
            event: "test",
            title: "Test Notification",
            message: "This is a test notification from duplistatus.\nSent at \(sentAt)",
            priority: .default,
            tags: "test"
        )
    }

    /// The template a test names: the one sent, or the stored (else default) one of that name.
    private func resolved(_ choice: TemplateChoice) throws -> NotificationTemplate {
        switch choice {
        case .inline(let template):
            return template
        case .stored(let name):
            let templates = backups.configuration(.templates, as: NotificationTemplates.self) ?? .defaults
            switch name {
            case "success": return templates.success
            case "warning": return templates.warning
            case "overdueBackup": return templates.overdueBackup
            default: throw invalidField("template", "must be a template or one of success, warning, overdueBackup")
            }
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
