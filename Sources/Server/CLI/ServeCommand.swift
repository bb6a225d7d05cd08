import ArgumentParser
import FlatStore
import FoundationEssentials
import Hummingbird
import Logging

extension FsyncPolicy: ExpressibleByArgument {}

/// `duplistatus serve` (the default): runs the web server until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    /// The subcommand's name and help.
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server (the default).")

    /// The listen address, if given.
    @Option(help: "Address to listen on (env DUPLISTATUS_HOST; default 0.0.0.0).")
    var host: String?
    /// The port, if given.
    @Option(help: "Port to listen on (env DUPLISTATUS_PORT or PORT; default 9666).")
    var port: Int?
    /// Where the data lives.
    @OptionGroup var data: DataDirectoryOption
    /// The flush policy, if given.
    @Option(help: "When writes reach the disk: always, everysec or none (default always).")
    var fsync: FsyncPolicy?
    /// The retention of replaced files, if given.
    @Option(
        help: """
            Minutes to keep data files a compaction replaced, so a copy of the data directory \
            (cp -a, rsync -a) taking up to that long is complete (env DUPLISTATUS_KEEP_REPLACED_MINUTES; default 60).
            """
    )
    var keepReplacedMinutes: Double?
    /// The largest restore archive, if given.
    @Option(help: "Megabytes a backup archive sent to restore may hold (env DUPLISTATUS_MAX_ARCHIVE_MB; default 16384).")
    var maxArchiveMb: Int?
    /// The largest request body, if given.
    @Option(help: "Megabytes any other request body may hold, a report included (env DUPLISTATUS_MAX_BODY_MB; default 16).")
    var maxBodyMb: Int?
    /// The origins allowed by CORS, if given.
    @Option(
        help: """
            Comma-separated origins whose pages may call the API from a browser, e.g. \
            https://homepage.example.org, or * for any (env DUPLISTATUS_ALLOWED_ORIGINS; default *).
            """
    )
    var allowedOrigins: String?
    /// Extra certificate authorities for the mail server, if given.
    @Option(help: "A PEM file of certificate authorities to trust for the SMTP server, e.g. a self-signed one (env DUPLISTATUS_SMTP_CA_FILE).")
    var smtpCaFile: String?
    /// The shape of the summary and last-backup answers, if given.
    @Option(
        help: """
            envelope, or duplistatus to answer /api/summary and /api/lastbackup(s) exactly as the Node \
            duplistatus does (env DUPLISTATUS_EXTERNAL_API_FORMAT; default envelope).
            """
    )
    var externalApiFormat: ExternalAPIFormat?
    /// The file holding the admin password, if given.
    @Option(
        help: """
            A file whose first line is the admin password; pages and the API then need sign-in or an API token \
            (env DUPLISTATUS_ADMIN_PASSWORD_FILE, or DUPLISTATUS_ADMIN_PASSWORD itself; default: no sign-in).
            """
    )
    var adminPasswordFile: String?
    /// The file holding the upload token, if given.
    @Option(
        help: """
            A file whose first line is the token uploads must carry as ?token=… \
            (env DUPLISTATUS_UPLOAD_TOKEN_FILE, or DUPLISTATUS_UPLOAD_TOKEN itself; default: uploads are open).
            """
    )
    var uploadTokenFile: String?
    /// The limit for each request to a Duplicati server, if given.
    @Option(help: "Seconds each request to a Duplicati server (collect) may take (env DUPLISTATUS_DUPLICATI_TIMEOUT; default 15).")
    var duplicatiTimeout: Int64?

    /// Flags win over the environment, the environment over the defaults.
    func configuration(environment: [String: String]) throws -> AppConfiguration {
        var config = AppConfiguration()
        config.host = host ?? environment["DUPLISTATUS_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? config.host
        if let port {
            config.port = port
        } else if let (name, text) = ["DUPLISTATUS_PORT", "PORT"].lazy.compactMap({ name in
            environment[name].flatMap { $0.isEmpty ? nil : (name, $0) }
        }).first {
            guard let value = Int(text) else { throw ValidationError("\(name) must be a port number, not '\(text)'") }
            config.port = value
        }
        guard (0...65535).contains(config.port) else { throw ValidationError("port \(config.port) is out of range") }
        config.dataDirectory = data.resolved(environment: environment)
        config.fsync = fsync ?? config.fsync
        if let minutes = keepReplacedMinutes ?? environment["DUPLISTATUS_KEEP_REPLACED_MINUTES"].flatMap(Double.init) {
            guard minutes >= 0, minutes.isFinite else { throw ValidationError("the minutes to keep replaced files must be 0 or more") }
            config.keepReplacedFilesSeconds = minutes * 60
        }
        if let text = maxArchiveMb.map(String.init) ?? environment["DUPLISTATUS_MAX_ARCHIVE_MB"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let megabytes = Int(text), (1...(1 << 30)).contains(megabytes) else {
                throw ValidationError("the largest restore archive must be a whole number of megabytes from 1, not '\(text)'")
            }
            config.maxArchiveBytes = megabytes << 20
        }
        if let text = maxBodyMb.map(String.init) ?? environment["DUPLISTATUS_MAX_BODY_MB"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let megabytes = Int(text), (1...1024).contains(megabytes) else {
                throw ValidationError("the largest request body must be 1 to 1024 megabytes, not '\(text)'")
            }
            config.maxBodyBytes = megabytes << 20
        }
        if let text = allowedOrigins ?? environment["DUPLISTATUS_ALLOWED_ORIGINS"].flatMap({ $0.isEmpty ? nil : $0 }) {
            // A browser's Origin header has no trailing slash; one typed after the host is dropped.
            let origins = text.split(separator: ",").map { ReportText.trimmed($0) }.filter { !$0.isEmpty }
                .map { String($0.hasSuffix("/") ? $0.dropLast() : $0) }
            guard !origins.isEmpty, origins.allSatisfy({ $0 == "*" || $0.hasPrefix("http://") || $0.hasPrefix("https://") }) else {
                throw ValidationError("allowed origins are * or origins such as https://homepage.example.org, comma-separated, not '\(text)'")
            }
            config.allowedOrigins = origins
        }
        config.extraCertificateAuthorityFile = smtpCaFile ?? environment["DUPLISTATUS_SMTP_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        // Found out at start, not at the first e-mail (an overdue alert days later).
        if let path = config.extraCertificateAuthorityFile, FileManager.default.contents(atPath: path) == nil {
            throw ValidationError("cannot read the SMTP certificate authority file '\(path)' (--smtp-ca-file or DUPLISTATUS_SMTP_CA_FILE)")
        }
        if let text = duplicatiTimeout.map(String.init) ?? environment["DUPLISTATUS_DUPLICATI_TIMEOUT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard let seconds = Int64(text), (1...600).contains(seconds) else {
                throw ValidationError("the Duplicati request timeout must be 1 to 600 seconds, not '\(text)'")
            }
            config.duplicatiTimeoutSeconds = seconds
        }
        if let format = externalApiFormat {
            config.externalAPIFormat = format
        } else if let text = environment["DUPLISTATUS_EXTERNAL_API_FORMAT"], !text.isEmpty {
            guard let format = ExternalAPIFormat(rawValue: text) else {
                throw ValidationError("DUPLISTATUS_EXTERNAL_API_FORMAT must be envelope or duplistatus, not '\(text)'")
            }
            config.externalAPIFormat = format
        }
        try readSecrets(into: &config, environment: environment)
        return config
    }

    /// Builds and runs the application; shutdown closes the store before this returns.
    func run() async throws {
        let config = try configuration(environment: ProcessEnvironment.current)
        LoggingSystem.bootstrap { ConsoleLogHandler(label: $0) }
        try await CommandFailure.reporting {
            var opened = false
            do {
                let app = try await buildApplication(config)
                opened = true
                // SIGHUP too (a closed terminal, a supervisor's stop): the store's clean close,
                // with its snapshot, rather than an exit without one.
                try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint, .sighup])
            } catch {
                throw StartupFailure.explaining(error, config: config, storeOpened: opened) ?? error
            }
        }
    }
}
