import FlatStore

extension StoreSchema {
    /// The one schema of duplistatus' store, so the server and the offline commands interpret the same collections.
    static var duplistatus: StoreSchema {
        // The domain registers its collections, indexes and aggregates here as they are written.
        let schema = StoreSchema()
        return schema
    }
}
