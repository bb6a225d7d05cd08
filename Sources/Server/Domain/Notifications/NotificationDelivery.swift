/// Sends a rendered notification on every configured channel the job allows, in parallel
/// (`monitoring.md` §5, §7); reads the channel configuration from the store each time.
struct NotificationDelivery: Sendable {
    let backups: BackupStore
    let secrets: SecretBox
    let poster: any HTTPPoster
    let mail: any MailSender
    let clock: any WallClock
    /// How long one SMTP conversation may take.
    var timeoutSeconds = 20
    /// What `deliver` did, for the metrics and the settings page.
    let record = DeliveryRecord()

    /// Each channel tried and how it went.
    typealias Outcome = [NotificationChannel: Result<Void, DeliveryError>]

    /// The channels with a stored, enabled configuration.
    func configuredChannels() -> [NotificationChannel] {
        var channels: [NotificationChannel] = []
        if backups.configuration(.ntfy, as: NtfyConfiguration.self)?.enabled == true { channels.append(.ntfy) }
        if backups.configuration(.email, as: EmailConfiguration.self)?.enabled == true { channels.append(.email) }
        if backups.configuration(.webhook, as: WebhookConfiguration.self)?.enabled == true { channels.append(.webhook) }
        return channels
    }

    /// Sends `notification` on `channels` in parallel with `retry` for the HTTP channels; the
    /// outcome goes into `record` unless `counted` is false (a test send, answered at once).
    func deliver(
        _ notification: OutgoingNotification,
        on channels: [NotificationChannel],
        retry: RetryPolicy,
        counted: Bool = true
    ) async -> Outcome {
        await withTaskGroup(of: (NotificationChannel, Result<Void, DeliveryError>).self) { group in
            for channel in channels {
                group.addTask {
                    do throws(DeliveryError) {
                        try await send(notification, on: channel, retry: retry)
                        return (channel, .success(()))
                    } catch {
                        return (channel, .failure(error))
                    }
                }
            }
            var outcome: Outcome = [:]
            for await (channel, result) in group {
                outcome[channel] = result
                guard counted else { continue }
                switch result {
                case .success: record.noteSent()
                case .failure(let error): record.noteFailed(channel, error, at: clock.now())
                }
            }
            return outcome
        }
    }

    /// Sends on one channel from its stored configuration.
    func send(_ notification: OutgoingNotification, on channel: NotificationChannel, retry: RetryPolicy) async throws(DeliveryError) {
        switch channel {
        case .ntfy:
            guard let config = backups.configuration(.ntfy, as: NtfyConfiguration.self) else { throw .configuration("ntfy is not configured") }
            try await sendNtfy(notification, config, retry: retry)
        case .webhook:
            guard let config = backups.configuration(.webhook, as: WebhookConfiguration.self) else {
                throw .configuration("the webhook is not configured")
            }
            var headers: [String: String] = [:]
            for (name, value) in config.headers { headers[name] = try open(value) }
            try await WebhookSender(poster: poster, retry: retry).send(notification, url: config.url, headers: headers)
        case .email:
            guard let config = backups.configuration(.email, as: EmailConfiguration.self) else {
                throw .configuration("e-mail is not configured")
            }
            try await sendMail(notification.title, notification.message, config, to: config.recipients)
        }
    }

    /// Sends to ntfy with `config`.
    func sendNtfy(_ notification: OutgoingNotification, _ config: NtfyConfiguration, retry: RetryPolicy) async throws(DeliveryError) {
        let token = try config.accessToken.map { secret throws(DeliveryError) in try open(secret) }
        try await NtfySender(poster: poster, retry: retry).send(notification, baseURL: config.url, topic: config.topic, token: token)
    }

    /// Sends one e-mail with `config` to `recipients`.
    func sendMail(_ subject: String, _ text: String, _ config: EmailConfiguration, to recipients: [String]) async throws(DeliveryError) {
        guard !recipients.isEmpty else { throw .configuration("no recipients are configured (mailto)") }
        guard !config.sender.isEmpty else { throw .configuration("no sender address is configured (fromAddress or username)") }
        var credentials: (String, String)?
        if config.requireAuth {
            credentials = (config.username, try config.password.map { secret throws(DeliveryError) in try open(secret) } ?? "")
        }
        let message = MailMessage(
            fromName: config.senderName,
            fromAddress: config.sender,
            recipients: recipients,
            subject: subject,
            text: text,
            date: clock.now()
        )
        let endpoint = SMTPEndpoint(
            host: config.host,
            port: config.port,
            security: config.connectionType,
            credentials: credentials,
            timeoutSeconds: timeoutSeconds
        )
        try await mail.send(message, via: endpoint)
    }

    /// A secret's plain text; a missing or changed key is a configuration error a person can fix.
    private func open(_ secret: SealedSecret) throws(DeliveryError) -> String {
        do {
            return try secrets.open(secret)
        } catch let failure as SecretBox.Failure {
            throw .configuration(failure.description)
        } catch {
            throw .configuration("the secret could not be read")
        }
    }
}
