/// How late a run may be before its job counts as overdue (global `overdueTolerance`).
enum OverdueTolerance: String, Sendable, CaseIterable, Codable {
    case none = "no_tolerance"
    case fiveMinutes = "5min"
    case fifteenMinutes = "15min"
    case thirtyMinutes = "30min"
    case oneHour = "1h"
    case twoHours = "2h"
    case fourHours = "4h"
    case sixHours = "6h"
    case twelveHours = "12h"
    case oneDay = "1d"

    /// The default of `monitoring.md`.
    static let standard = OverdueTolerance.twoHours

    /// The tolerance in seconds.
    var seconds: Int64 {
        switch self {
        case .none: 0
        case .fiveMinutes: 300
        case .fifteenMinutes: 900
        case .thirtyMinutes: 1_800
        case .oneHour: 3_600
        case .twoHours: 7_200
        case .fourHours: 14_400
        case .sixHours: 21_600
        case .twelveHours: 43_200
        case .oneDay: 86_400
        }
    }

    /// The tolerance for people, e.g. `1 hour`, `no tolerance`.
    var label: String {
        switch self {
        case .none: "no tolerance"
        case .fiveMinutes: "5 minutes"
        case .fifteenMinutes: "15 minutes"
        case .thirtyMinutes: "30 minutes"
        case .oneHour: "1 hour"
        case .twoHours: "2 hours"
        case .fourHours: "4 hours"
        case .sixHours: "6 hours"
        case .twelveHours: "12 hours"
        case .oneDay: "1 day"
        }
    }
}
