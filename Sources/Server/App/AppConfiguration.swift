import FlatStore
import Logging

/// Everything `buildApplication` needs to know; the CLI fills it from flags and environment.
struct AppConfiguration: Sendable {
    /// 16 MiB: api.md §1's default; Duplicati reports with long logs stay well below it.
    static let defaultMaxBodyBytes = 16 << 20

    /// Address to listen on.
    var host: String
    /// Port to listen on; 0 picks a free one (tests).
    var port: Int
    /// The FlatStore data directory.
    var dataDirectory: String
    /// When the store flushes appended records.
    var fsync: FsyncPolicy
    /// How long, at least, files a compaction replaced are kept so copies of the data directory in
    /// progress find every file they listed (`StoreOptions.supersededRetention`).
    var keepReplacedFilesSeconds: Double
    /// Request bodies above this size are refused with 413.
    var maxBodyBytes: Int
    /// A backup archive sent to restore may be this large (compressed, and unpacked).
    var maxArchiveBytes: Int = 16 << 30
    /// The shape of the three endpoints Homepage widgets and scripts read (`/api/` only; `/api/v1/`
    /// always answers with the envelope).
    var externalAPIFormat = ExternalAPIFormat.envelope
    /// How long each request to a Duplicati server may take (collect, test-connection).
    var duplicatiTimeoutSeconds: Int64 = 15
    /// Origins allowed by CORS; `"*"` allows every origin.
    var allowedOrigins: [String]
    /// Responses smaller than this are sent uncompressed, since gzip would not pay for itself.
    var gzipMinimumBytes: Int
    /// Threshold for the application's and the store's log output.
    var logLevel: Logger.Level
    /// Where "now" comes from; tests pass a clock they set.
    var clock: any WallClock
    /// How failed notification deliveries are retried (tests shorten the wait).
    var notificationRetry = RetryPolicy.standard
    /// How long one delivery attempt may take (`monitoring.md` §7: 20 s; tests shorten it).
    var notificationTimeoutSeconds = 20
    /// How long a connection may go without sending a complete request head (at its start or
    /// between keep-alive requests) before it is closed; tests shorten it.
    var idleTimeoutSeconds: Int64 = 60
    /// A PEM file of extra certificate authorities the SMTP client trusts (a self-signed mail server).
    var extraCertificateAuthorityFile: String?
    /// The admin password; when set, everything but the open routes needs sign-in or an API token.
    /// One set on the settings page since stands in for it (`AdminPassword`).
    var adminPassword: ConfiguredPassword?
    /// The token every upload must carry; nil leaves uploads open.
    var uploadToken: SharedSecret?

    /// A configuration with api.md's defaults for everything not given.
    init(
        host: String = "0.0.0.0",
        port: Int = 9666,
        dataDirectory: String = "./data",
        fsync: FsyncPolicy = .always,
        keepReplacedFilesSeconds: Double = 3600,
        maxBodyBytes: Int = AppConfiguration.defaultMaxBodyBytes,
        allowedOrigins: [String] = ["*"],
        gzipMinimumBytes: Int = 1024,
        logLevel: Logger.Level = .info,
        clock: any WallClock = SystemClock()
    ) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.fsync = fsync
        self.keepReplacedFilesSeconds = keepReplacedFilesSeconds
        self.maxBodyBytes = maxBodyBytes
        self.allowedOrigins = allowedOrigins
        self.gzipMinimumBytes = gzipMinimumBytes
        self.logLevel = logLevel
        self.clock = clock
    }

    /// Whether the listen address is reachable only from this machine.
    var isLoopbackOnly: Bool {
        ["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
    }
}
