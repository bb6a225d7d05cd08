import Logging

/// The lines logged once the server listens: where it is, and whether that is dangerous.
enum StartupBanner {
    /// Logs the URL and data directory, and warns when the server is reachable beyond this machine.
    static func announce(_ config: AppConfiguration, boundPort: Int?, logger: Logger) {
        let port = boundPort ?? config.port
        // IPv6 literals need brackets inside a URL.
        let host = config.host.contains(":") ? "[\(config.host)]" : config.host
        logger.info("duplistatus listening on http://\(host):\(port) (data: \(config.dataDirectory))")
        let zone = DisplayTimeZone.current
        if let unknown = zone.unknownName {
            logger.warning("TZ names no known time zone; times are shown in UTC", metadata: ["TZ": "\(unknown)"])
        } else {
            logger.info("times are shown in the time zone of TZ", metadata: ["zone": "\(zone.identifier)"])
        }
        if config.adminPassword != nil {
            logger.info(
                "sign-in required: the admin password guards every page and API route but upload, summary, lastbackup(s), health and /metrics",
                metadata: ["uploadToken": "\(config.uploadToken == nil ? "off" : "on")"]
            )
            return
        }
        guard !config.isLoopbackOnly else { return }
        logger.warning(
            "listening beyond this machine without an admin password: anyone who can reach this port can read and change all data; set --admin-password-file, bind to 127.0.0.1 or put an authenticating proxy in front",
            metadata: ["host": "\(config.host)", "port": "\(port)"]
        )
    }
}
