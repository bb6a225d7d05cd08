extension PrometheusExposition {
    /// The duplistatus metrics: fleet figures, then one sample per job in each per-job family.
    ///
    /// Jobs are labelled `server` (its name), `backup` and `server_id`: the id keeps two servers
    /// that share a name from producing duplicate series, which would fail the whole scrape.
    static func duplistatus(
        jobs: [JobState],
        servers: [ServerRecord],
        activity: FleetActivity,
        storedRuns: Int,
        deliveries: DeliveryRecord.Figures
    ) -> Self {
        var names: [String: String] = [:]
        for server in servers { names[server.id] = server.name }
        let labelled = jobs.map { job -> (job: JobState, labels: [(name: String, value: String)]) in
            (job, [("server", names[job.serverId] ?? job.serverId), ("backup", job.backupName), ("server_id", job.serverId)])
        }
        .sorted { $0.labels.map(\.value).lexicographicallyPrecedes($1.labels.map(\.value)) }

        var document = Self()
        document.family("duplistatus_servers", help: "Known Duplicati servers.", value: .int(Int64(activity.servers)))
        document.family("duplistatus_backup_jobs", help: "Known backup jobs (server and backup name).", value: .int(Int64(jobs.count)))
        // A gauge, not a counter: deleting or merging servers lowers it, so it has no `_total` suffix.
        document.family("duplistatus_backup_runs_stored", help: "Stored backup runs.", value: .int(Int64(activity.runs)))
        // api.md's name, as the counter the suffix promises: rate() of it is runs arriving per second.
        document.family(
            "duplistatus_backup_runs_total",
            help: "Backup runs stored since the server started (uploads and collects).",
            type: "counter",
            value: .int(Int64(storedRuns))
        )
        document.family(
            "duplistatus_backup_success_rate",
            help: "Ratio (0-1) of jobs whose latest run succeeded; 0 without jobs.",
            value: .double(activity.latestStatuses.successRatio)
        )
        document.family("duplistatus_overdue_backups", help: "Jobs whose next run is overdue now.", value: .int(Int64(activity.overdue)))
        document.family(
            "duplistatus_notifications_sent_total",
            help: "Notifications delivered on a channel since the server started.",
            type: "counter",
            value: .int(Int64(deliveries.sent))
        )
        document.family(
            "duplistatus_notifications_failed_total",
            help: "Notifications that failed on a channel after their retries, since the server started.",
            type: "counter",
            value: .int(Int64(deliveries.failed))
        )
        document.family(
            "duplistatus_notifications_dropped_total",
            help: "Notifications dropped from a channel's full queue since the server started.",
            type: "counter",
            value: .int(Int64(deliveries.dropped))
        )

        let perJob: [(name: String, help: String, value: (JobState) -> Value)] = [
            (
                "duplistatus_backup_last_status", "Status of the latest run: 0 success, 1 warning, 2 error, 3 fatal, 4 unknown.",
                { .int(statusCode($0.lastRun.status)) }
            ),
            (
                "duplistatus_backup_last_run_timestamp_seconds", "When the latest run began, in Unix seconds.",
                { .double(Double($0.lastRun.beginTime) / 1000) }
            ),
            ("duplistatus_backup_last_duration_seconds", "Duration of the latest run.", { .double($0.lastRun.durationSeconds) }),
            ("duplistatus_backup_last_uploaded_bytes", "Bytes uploaded by the latest run.", { .int($0.lastRun.uploadedSize) }),
            ("duplistatus_backup_storage_bytes", "Bytes on the destination after the latest run.", { .int($0.lastRun.storageSize) }),
            ("duplistatus_backup_versions", "Versions on the destination after the latest run.", { .int(Int64($0.lastRun.versions)) }),
            ("duplistatus_backup_overdue", "1 when the job's next run is overdue now, else 0.", { .int($0.verdict.isOverdue ? 1 : 0) }),
        ]
        for metric in perJob {
            let samples = labelled.map { entry in
                Sample(labels: entry.labels, value: metric.value(entry.job))
            }
            document.family(metric.name, help: metric.help, samples: samples)
        }
        return document
    }

    /// The number `duplistatus_backup_last_status` uses for a status.
    static func statusCode(_ status: ParsedRun.Status) -> Int64 {
        switch status {
        case .success: 0
        case .warning: 1
        case .error: 2
        case .fatal: 3
        case .unknown: 4
        }
    }
}
