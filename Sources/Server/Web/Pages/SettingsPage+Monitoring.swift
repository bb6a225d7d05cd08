extension SettingsPage {
    /// An option of a select, chosen when it is the stored value, so the page reads right before
    /// (and without) its script.
    struct Option: Sendable {
        var value: String
        var label: String
        var selected: Bool
    }

    /// The global monitoring settings' selects, each with the stored value chosen.
    struct MonitoringSelects: Sendable {
        var tolerance: [Option]
        var interval: [Option]
        var frequency: [Option]

        /// The options of each select, `overdue` and `interval` chosen.
        init(_ overdue: OverdueConfiguration, interval: CronInterval) {
            tolerance = OverdueTolerance.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == overdue.overdueTolerance) }
            let intervalLabels: [CronInterval: String] = [
                .disabled: "disabled", .oneMinute: "1 min", .fiveMinutes: "5 min", .tenMinutes: "10 min", .fifteenMinutes: "15 min",
                .twentyMinutes: "20 min", .thirtyMinutes: "30 min", .oneHour: "1 hour", .twoHours: "2 hours",
            ]
            self.interval = CronInterval.allCases.map {
                Option(value: $0.rawValue, label: intervalLabels[$0] ?? $0.rawValue, selected: $0 == interval)
            }
            let frequencyLabels: [NotificationFrequency: String] = [
                .onetime: "once", .everyDay: "every day", .everyWeek: "every week", .everyMonth: "every month",
            ]
            frequency = NotificationFrequency.allCases.map {
                Option(value: $0.rawValue, label: frequencyLabels[$0] ?? $0.rawValue, selected: $0 == overdue.notificationFrequency)
            }
        }
    }
}
