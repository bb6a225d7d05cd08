extension CollectionIndex {
    /// Announces each partition of the index whole to each partition aggregate (a change with
    /// neither `removed` nor `inserted`), then feeds them every change from now on.
    ///
    /// A store that opens applies its snapshot and log in file order, which is no order within a
    /// partition; fed then, an aggregate kept sorted would insert in the middle for most records,
    /// and each change costs generic calls. A whole partition read in index order costs neither.
    func startPartitionFeeds() {
        guard !partitionFeedsLive else { return }
        partitionFeedsLive = true
        for feed in partitionFeeds {
            for partition in secondary[feed.indexPosition].partitionNames.indices {
                feed.apply(aggregates, change(feed, partition, nil, nil, nil, nil))
            }
        }
    }

    /// Where `slot` sits in the index of each partition feed, before a change removes it.
    func partitionPositions(of slot: Int32) -> [(partition: Int, sortKey: Int64)?] {
        partitionFeeds.map { secondary[$0.indexPosition].position(of: slot) }
    }

    /// Tells each partition feed how the change of `slot` moved it, once the indexes hold the change.
    ///
    /// `before` holds the slot's positions before the change (empty for a new record); a record that
    /// stays in its partition is one change with both summaries, one that moves is a removal and
    /// an insertion.
    func notifyPartitionFeeds(
        slot: Int32,
        before: [(partition: Int, sortKey: Int64)?],
        removed: Record.Summary?,
        inserted: Record.Summary?
    ) {
        for (position, feed) in partitionFeeds.enumerated() {
            let old = before.isEmpty ? nil : before[position]
            let new = inserted == nil ? nil : secondary[feed.indexPosition].position(of: slot)
            if let old, let new, old.partition == new.partition {
                feed.apply(aggregates, change(feed, old.partition, removed, old.sortKey, inserted, new.sortKey))
                continue
            }
            if let old { feed.apply(aggregates, change(feed, old.partition, removed, old.sortKey, nil, nil)) }
            if let new { feed.apply(aggregates, change(feed, new.partition, nil, nil, inserted, new.sortKey)) }
        }
    }

    private func change(
        _ feed: PartitionFeed<Record>,
        _ partition: Int,
        _ removed: Record.Summary?,
        _ removedSortKey: Int64?,
        _ inserted: Record.Summary?,
        _ insertedSortKey: Int64?
    ) -> PartitionChange<Record> {
        PartitionChange(
            partition: partition,
            partitionName: secondary[feed.indexPosition].partitionNames[partition],
            removed: removed,
            removedSortKey: removedSortKey,
            inserted: inserted,
            insertedSortKey: insertedSortKey,
            collection: self,
            indexPosition: feed.indexPosition
        )
    }
}
