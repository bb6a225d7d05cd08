/// How often an overdue job is notified again while it stays overdue (`monitoring.md` §3).
enum NotificationFrequency: String, Sendable, Codable, CaseIterable {
    case onetime
    case everyDay = "every_day"
    case everyWeek = "every_week"
    case everyMonth = "every_month"

    /// The wait before notifying the same episode again; nil for `onetime`.
    var repeatAfterMs: Int64? {
        switch self {
        case .onetime: nil
        case .everyDay: 86_400_000
        case .everyWeek: 7 * 86_400_000
        case .everyMonth: 30 * 86_400_000
        }
    }
}

/// The global overdue settings: tolerance and repeat frequency.
struct OverdueConfiguration: Sendable, Codable, Equatable {
    var overdueTolerance: OverdueTolerance = .standard
    var notificationFrequency: NotificationFrequency = .everyDay
}

/// How often the scheduler runs the overdue check (`monitoring.md` §4).
enum CronInterval: String, Sendable, Codable, CaseIterable {
    case disabled
    case oneMinute = "1min"
    case fiveMinutes = "5min"
    case tenMinutes = "10min"
    case fifteenMinutes = "15min"
    case twentyMinutes = "20min"
    case thirtyMinutes = "30min"
    case oneHour = "1hour"
    case twoHours = "2hours"

    /// The period in milliseconds; nil when disabled.
    var periodMs: Int64? {
        switch self {
        case .disabled: nil
        case .oneMinute: 60_000
        case .fiveMinutes: 300_000
        case .tenMinutes: 600_000
        case .fifteenMinutes: 900_000
        case .twentyMinutes: 1_200_000
        case .thirtyMinutes: 1_800_000
        case .oneHour: 3_600_000
        case .twoHours: 7_200_000
        }
    }

    /// The equivalent cron expression (UTC); empty when disabled.
    var cronExpression: String {
        switch self {
        case .disabled: ""
        case .oneHour: "0 * * * *"
        case .twoHours: "0 */2 * * *"
        default: "*/\((periodMs ?? 60_000) / 60_000) * * * *"
        }
    }
}

/// The stored scheduler configuration.
struct CronConfiguration: Sendable, Codable, Equatable {
    var interval: CronInterval = .fiveMinutes
}
