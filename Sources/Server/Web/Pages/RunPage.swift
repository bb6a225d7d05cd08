/// One run's page: every figure, the versions available after it, and its log lines on demand.
struct RunPage: Sendable {
    var chrome: PageChrome
    var serverName: String
    var serverLink: String
    var backupName: String
    var jobLink: String
    var status: StatusBadge
    var begin: PageTime
    var end: PageTime
    var duration: String
    var duplicatiVersion: String
    /// Groups of figures: statistics, file changes, backend.
    var groups: [FigureGroup]
    var versions: [VersionRow]
    var hasVersions: Bool
    var logs: [LogSection]
    var exception: String?
    var deleteAPI: String

    /// A titled list of label/value pairs.
    struct FigureGroup: Sendable {
        var title: String
        var figures: [Figure]
    }

    /// One label and its value.
    struct Figure: Sendable {
        var label: String
        var value: String
    }

    /// One available version: its number (0 = newest), date and age.
    struct VersionRow: Sendable {
        var number: Int
        var time: PageTime
    }

    /// One level of log lines: loaded from the API when opened, or rendered here for `?log=`.
    struct LogSection: Sendable {
        var level: String
        var title: String
        /// The count Duplicati reported.
        var reported: Int64
        /// Why the list may be incomplete; nil when it is whole.
        var truncationNote: String?
        /// The API answer the script reads the lines from.
        var source: String
        /// The page with this list rendered, for browsers without JavaScript.
        var fallbackLink: String
        /// The lines, when rendered on the server.
        var lines: [String]
        var isOpen: Bool
    }
}
