extension MetricsView.System {
    /// The process's and the machine's figures now; each is null where the platform cannot tell.
    static func probe(directory: String, uptimeSeconds: Int) -> Self {
        let disk = SystemProbe.diskSpace(directory)
        return Self(
            uptimeSeconds: uptimeSeconds,
            memory: Memory(rss: Nullable(SystemProbe.residentBytes())),
            load: SystemProbe.loadAverages(),
            disk: Disk(free: Nullable(disk?.free), total: Nullable(disk?.total))
        )
    }
}
