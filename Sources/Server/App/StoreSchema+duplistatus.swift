import FlatStore

extension StoreSchema {
    /// The one schema of duplistatus' store, so the server and the offline commands interpret the same collections.
    package static var duplistatus: StoreSchema {
        var schema = StoreSchema()
        schema.register(ServerRecord.self)
        schema.register(ServerSeenRecord.self)
        schema.register(ParsedRun.self, indexes: ParsedRun.indexes)
        schema.register(RunLogRecord.self)
        schema.register(JobSettingsRecord.self)
        schema.register(OverdueStateRecord.self)
        schema.register(ConfigurationRecord.self)
        schema.register(ServerPasswordRecord.self)
        schema.register(APITokenRecord.self)
        schema.register(AdminPasswordRecord.self)
        schema.aggregate(FleetTotals(), from: ParsedRun.self) { totals, change in totals.apply(change) }
        schema.aggregate(ChartDays(), from: ParsedRun.self, partitionsOf: ParsedRun.byJob) { days, change in days.apply(change) }
        return schema
    }
}
