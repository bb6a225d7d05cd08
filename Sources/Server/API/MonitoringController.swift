import Hummingbird

/// The Monitoring group's scheduler and notification routes (`api.md` §5 cron-config, §6).
struct MonitoringController: Sendable {
    let backups: BackupStore
    let scheduler: MonitoringScheduler
    let delivery: NotificationDelivery
    let clock: any WallClock

    /// What "Check now" says: the check's figures in words, not only that it ran.
    static func checkedMessage(_ statistics: OverdueCheck.Statistics) -> String {
        "Overdue check completed: \(DisplayFormat.counted(Int64(statistics.checkedBackups), "job")) checked, "
            + "\(statistics.overdueBackupsFound) overdue, \(statistics.notificationsSent) notified"
    }

    /// Registers this controller's routes on `group`.
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.on(.cronConfig) { _, _ in APIResponse.success(cronView()) }
        group.on(.cronConfigUpdate, use: updateCron)
        group.on(.cronStatus) { _, _ in APIResponse.success(status()) }
        group.on(.cronTrigger, use: trigger)
        group.on(.checkOverdue) { _, _ in
            let statistics = try await scheduler.trigger()
            return APIResponse.success(statistics, message: Self.checkedMessage(statistics))
        }
        group.on(.clearOverdueTimestamps) { _, _ in
            APIResponse.success(["clearedJobs": try await backups.clearOverdueTimestamps()], message: "Overdue notification timestamps cleared")
        }
        group.on(.notificationTest, use: NotificationTestRoute(backups: backups, delivery: delivery, clock: clock).test)
    }

    /// The scheduler's configuration and timing.
    func cronView(_ state: MonitoringScheduler.TaskState? = nil) -> CronConfigView {
        let interval = scheduler.interval
        let state = state ?? scheduler.status
        return CronConfigView(
            interval: interval.rawValue,
            cronExpression: interval.cronExpression,
            enabled: interval != .disabled,
            lastRun: Nullable(state.lastRun.map(APIJSON.Timestamp.init)),
            nextRun: Nullable(interval == .disabled ? nil : state.nextRun.map(APIJSON.Timestamp.init))
        )
    }

    @Sendable
    func updateCron(_ request: Request, context: AppRequestContext) async throws -> APIResponse<CronConfigView> {
        struct Body: Decodable { var interval: String? }
        let body = try await request.decodeJSON(as: Body.self, context: context)
        guard let value = body.interval, let interval = CronInterval(rawValue: value) else {
            throw invalidField("interval", "must be one of \(CronInterval.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        try await backups.saveConfiguration(.cron, CronConfiguration(interval: interval))
        return .success(cronView(), message: "Scheduler interval saved")
    }

    /// `GET cron/status`.
    struct StatusView: Encodable, Sendable {
        struct Task: Encodable, Sendable {
            var name: String
            var interval: String
            var running: Bool
            var lastRun: Nullable<APIJSON.Timestamp>
            var nextRun: Nullable<APIJSON.Timestamp>
            var lastError: Nullable<String>
            var lastStatistics: Nullable<OverdueCheck.Statistics>
        }

        var running: Bool
        var tasks: [Task]
    }

    func status() -> StatusView {
        let state = scheduler.status
        let view = cronView(state)
        let task = StatusView.Task(
            name: MonitoringScheduler.TaskName.overdueCheck.rawValue,
            interval: view.interval,
            running: state.running,
            lastRun: view.lastRun,
            nextRun: view.nextRun,
            lastError: Nullable(state.lastError),
            lastStatistics: Nullable(state.lastStatistics)
        )
        return StatusView(running: view.enabled, tasks: [task])
    }

    @Sendable
    func trigger(_ request: Request, context: AppRequestContext) async throws -> APIResponse<OverdueCheck.Statistics> {
        let name = context.parameters.get("task") ?? ""
        guard MonitoringScheduler.TaskName(rawValue: name) != nil else {
            let known = MonitoringScheduler.TaskName.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError(
                .notFound,
                "Task '\(name.prefix(80))' not found; known tasks: \(known)",
                details: ["task": .string(String(name.prefix(80)))]
            )
        }
        return .success(try await scheduler.trigger(), message: "Task \(name) completed")
    }
}
