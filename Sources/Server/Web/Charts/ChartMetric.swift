/// The six figures a server's charts show, each read from a chart point and formatted for hover.
enum ChartMetric: String, CaseIterable, Sendable {
    case uploadedSize, duration, fileCount, fileSize, storageSize, versions

    /// The chart's heading.
    var title: String {
        switch self {
        case .uploadedSize: "Uploaded size"
        case .duration: "Duration"
        case .fileCount: "File count"
        case .fileSize: "File size"
        case .storageSize: "Storage size"
        case .versions: "Available versions"
        }
    }

    /// The point's value in the metric's unit (bytes, seconds, count).
    func value(_ point: ChartPoint) -> Double {
        switch self {
        case .uploadedSize: Double(point.uploadedSize)
        case .duration: point.durationSeconds
        case .fileCount: Double(point.fileCount)
        case .fileSize: Double(point.fileSize)
        case .storageSize: Double(point.storageSize)
        case .versions: Double(point.backupVersions)
        }
    }

    /// A value as the axis and the hover text write it.
    func format(_ value: Double) -> String {
        switch self {
        case .uploadedSize, .fileSize, .storageSize: DisplayFormat.bytes(Int64(value.rounded()))
        case .duration: DisplayFormat.duration(value)
        case .fileCount, .versions: DisplayFormat.count(Int64(value.rounded()))
        }
    }
}

/// The time ranges a chart offers, each with the bucket that keeps it near or under 60 points.
enum ChartSpan: String, CaseIterable, Sendable {
    case week = "1w"
    case twoWeeks = "2w"
    case month = "1m"
    case threeMonths = "3m"
    case sixMonths = "6m"
    case year = "1y"
    case all

    /// The button's label.
    var label: String { self == .all ? "All" : rawValue.uppercased() }

    /// The span of a display setting's chart range (`"7d"`, `"30d"`, `"365d"`, `"all"`).
    init?(setting: String) {
        let spans: [String: ChartSpan] = [
            "7d": .week, "14d": .twoWeeks, "30d": .month, "90d": .threeMonths, "180d": .sixMonths, "365d": .year, "all": .all,
        ]
        guard let span = spans[setting] else { return nil }
        self = span
    }

    /// Days covered; nil for everything stored.
    var days: Int64? {
        switch self {
        case .week: 7
        case .twoWeeks: 14
        case .month: 31
        case .threeMonths: 92
        case .sixMonths: 183
        case .year: 366
        case .all: nil
        }
    }

    /// The bucket width: days up to a month, weeks up to a year, months beyond.
    var bucket: ChartBucket {
        switch self {
        case .week, .twoWeeks, .month: .day
        case .threeMonths, .sixMonths, .year: .week
        case .all: .month
        }
    }

    /// The instants covered at `now`.
    func range(now: Int64) -> ChartRange {
        ChartRange(start: days.map { now - $0 * ChartBucket.dayMilliseconds } ?? 0, end: now)
    }
}

/// Series longer than a chart can show are folded, neighbours together, the way buckets fold runs.
enum ChartThinning {
    /// At most `limit` points: flows summed, states from the last point of each group.
    static func thin(_ points: [ChartPoint], limit: Int = 60) -> [ChartPoint] {
        guard points.count > limit, limit > 0 else { return points }
        let size = (points.count + limit - 1) / limit
        return stride(from: 0, to: points.count, by: size).map { start in
            let group = points[start..<min(start + size, points.count)]
            var merged = group[group.endIndex - 1]
            merged.bucketStart = group[group.startIndex].bucketStart
            // Wrapping, as the chart points' own sums (ChartPoint).
            merged.uploadedSize = group.reduce(0) { $0 &+ $1.uploadedSize }
            merged.durationTicks = group.reduce(0) { $0 &+ $1.durationTicks }
            merged.runs = group.reduce(0) { $0 &+ $1.runs }
            return merged
        }
    }
}
