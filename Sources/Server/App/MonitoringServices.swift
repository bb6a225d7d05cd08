import Logging
import NIOSSL

/// The monitoring side of one application: secrets, delivery, the new-run queue and the scheduler.
struct MonitoringServices: Sendable {
    let secrets: SecretBox
    let delivery: NotificationDelivery
    let notifier: NewRunNotifier
    let scheduler: MonitoringScheduler

    /// The services for the domain store `backups`.
    init(_ config: AppConfiguration, backups: BackupStore, logger: Logger) {
        secrets = SecretBox(holder: backups.holder)
        let trust = config.extraCertificateAuthorityFile.map { NIOSSLTrustRoots.file($0) }
        delivery = NotificationDelivery(
            backups: backups,
            secrets: secrets,
            poster: LiveHTTPPoster(timeoutSeconds: config.notificationTimeoutSeconds),
            mail: LiveSMTPClient(trustRoots: trust),
            clock: config.clock,
            timeoutSeconds: config.notificationTimeoutSeconds
        )
        notifier = NewRunNotifier(delivery: delivery, logger: logger, retry: config.notificationRetry)
        let check = OverdueCheck(backups: backups, delivery: delivery, clock: config.clock, retry: config.notificationRetry, logger: logger)
        scheduler = MonitoringScheduler(check: check, clock: config.clock, logger: logger)
    }
}
