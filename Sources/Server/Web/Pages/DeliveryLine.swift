/// The settings page's line on notification delivery since the server started: how many were
/// sent, failed and dropped, and the last failure, which otherwise only the log tells.
struct DeliveryLine: Sendable {
    /// `"12 sent, 1 failed, 0 dropped from a full queue since the server started."`
    var counts: String
    /// The last failure; nil when none.
    var lastFailure: Failure?
    /// Whether anything failed or was dropped (the line is shown as a warning).
    var hasProblems: Bool

    /// A failed delivery as the page shows it.
    struct Failure: Sendable {
        var time: PageTime
        var channel: String
        var reason: String
    }

    /// The line for `figures` at `now`.
    init(_ figures: DeliveryRecord.Figures, now: Int64) {
        counts =
            "\(DisplayFormat.count(Int64(figures.sent))) sent, \(DisplayFormat.count(Int64(figures.failed))) failed, "
            + "\(DisplayFormat.count(Int64(figures.dropped))) dropped from a full queue since the server started."
        lastFailure = figures.lastFailure.map { Failure(time: PageTime($0.at, now: now), channel: $0.channel, reason: $0.reason) }
        hasProblems = figures.failed > 0 || figures.dropped > 0
    }
}
