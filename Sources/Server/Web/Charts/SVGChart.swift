/// One metric chart drawn on the server as inline SVG, with each point's value in its `<title>`.
struct SVGChart: Sendable {
    /// The heading.
    var title: String
    /// The metric's name, the CSS colour key.
    var key: String
    /// The finished `<svg>` element (escaped here, so the template inserts it raw).
    var svg: String
    /// Whether there are no points to draw.
    var isEmpty: Bool

    private static let height = 200.0
    /// The narrowest left margin, for the value labels of the vertical axis.
    private static let minimumLeft = 48.0
    /// Roughly one character's width of the 13-unit axis font, to size the margin to the labels.
    private static let characterWidth = 7.6
    private static let bottom = 22.0
    private static let top = 12.0

    /// Draws `metric` over `points` (oldest first, at most ~60) as a line or as bars.
    init(_ metric: ChartMetric, points: [ChartPoint], bars: Bool, compact: Bool = false) {
        title = metric.title
        key = metric.rawValue
        isEmpty = points.isEmpty
        // The view box: wide for the server page, narrower (so larger text) for the side panel.
        let width = compact ? 340.0 : 520.0
        let (top, height, bottom) = (Self.top, Self.height, Self.bottom)
        let values = points.map(metric.value)
        let maximum = max(values.max() ?? 0, 1)
        // An empty chart has no scale to label, and a small maximum (a job that uploaded nothing)
        // rounds two levels to the same text: "0 B, 1 B, 1 B" read as a broken axis.
        var previousLabel: String?
        let levels = [0.0, 0.5, 1.0].map { fraction -> (fraction: Double, label: String?) in
            let label = metric.format(maximum * fraction)
            guard !points.isEmpty, label != previousLabel else { return (fraction, nil) }
            previousLabel = label
            return (fraction, label)
        }
        // The margin fits the longest label ("1023.83 MB" must not be cut at the left edge).
        let longest = levels.compactMap(\.label).map(\.count).max() ?? 0
        let left = max(Self.minimumLeft, (Double(longest) * Self.characterWidth + 12).rounded(.up))
        let plotWidth = width - left - 10
        let plotHeight = height - top - bottom
        let step = points.count > 1 ? plotWidth / Double(points.count - 1) : 0
        let barWidth = max(2, plotWidth / Double(max(points.count, 1)) * 0.7)
        func x(_ index: Int) -> Double {
            if bars { return left + plotWidth / Double(max(points.count, 1)) * (Double(index) + 0.5) }
            return points.count > 1 ? left + step * Double(index) : left + plotWidth / 2
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - value / maximum) }

        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLText.escaped(metric.title))\">"
        for (fraction, label) in levels {
            let level = y(maximum * fraction)
            svg += "<line class=\"grid\" x1=\"\(left)\" x2=\"\(width - 10)\" y1=\"\(Self.number(level))\" y2=\"\(Self.number(level))\"/>"
            guard let label else { continue }
            svg += "<text class=\"axis\" x=\"\(left - 6)\" y=\"\(Self.number(level + 4))\" text-anchor=\"end\">"
            svg += HTMLText.escaped(label) + "</text>"
        }
        if let first = points.first, let last = points.last {
            let baseline = height - 5
            svg += "<text class=\"axis\" x=\"\(left)\" y=\"\(baseline)\">\(ChartBucket.utcDate(first.bucketStart))</text>"
            svg += "<text class=\"axis\" x=\"\(width - 10)\" y=\"\(baseline)\" text-anchor=\"end\">"
            svg += "\(ChartBucket.utcDate(last.bucketStart))</text>"
        }
        if !bars && points.count > 1 {
            let path = values.enumerated().map { "\(Self.number(x($0.offset))),\(Self.number(y($0.element)))" }
            svg += "<polyline class=\"series\" points=\"\(path.joined(separator: " "))\"/>"
        }
        for (index, point) in points.enumerated() {
            let value = values[index]
            let label = HTMLText.escaped("\(ChartBucket.utcDate(point.bucketStart)): \(metric.format(value)) (\(point.runs) runs)")
            if bars {
                let barTop = y(value)
                svg += "<rect class=\"bar\" x=\"\(Self.number(x(index) - barWidth / 2))\" y=\"\(Self.number(barTop))\" "
                svg += "width=\"\(Self.number(barWidth))\" height=\"\(Self.number(top + plotHeight - barTop))\">"
                svg += "<title>\(label)</title></rect>"
            } else {
                svg += "<circle class=\"dot\" cx=\"\(Self.number(x(index)))\" cy=\"\(Self.number(y(value)))\" r=\"\(compact ? 3 : 4)\">"
                svg += "<title>\(label)</title></circle>"
            }
        }
        if points.isEmpty {
            svg += "<text class=\"axis\" x=\"\(width / 2)\" y=\"100\" text-anchor=\"middle\">No runs in this range</text>"
        }
        self.svg = svg + "</svg>"
    }

    /// One decimal, enough for a 600-unit view box.
    private static func number(_ value: Double) -> String { DisplayFormat.fixed(value, decimals: 1) }
}
