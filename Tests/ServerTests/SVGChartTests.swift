import XCTest

@testable import Server

/// The value axis of the server-drawn charts: one label per distinct level, none without runs.
final class SVGChartTests: XCTestCase {
    func testAxisLabelsAreDistinctAndAbsentWithoutRuns() {
        let day: Int64 = 86_400_000
        let empty = SVGChart(.uploadedSize, points: [], bars: false)
        XCTAssertEqual(axisLabels(empty.svg), [])
        XCTAssertTrue(empty.svg.contains("No runs in this range"))

        // Nothing uploaded: the scale is 0..1 byte, whose middle rounds to "1 B" as well.
        let idle = [0, 1].map { ChartPoint(bucketStart: day * $0, lastRunTime: day * $0, runs: 1) }
        XCTAssertEqual(axisLabels(SVGChart(.uploadedSize, points: idle, bars: true).svg), ["0 B", "1 B"])

        let busy = [0, 1].map {
            ChartPoint(bucketStart: day * $0, lastRunTime: day * $0, uploadedSize: 2_048 * ($0 + 1), runs: 1)
        }
        let labels = axisLabels(SVGChart(.uploadedSize, points: busy, bars: false).svg)
        XCTAssertEqual(labels.count, 3, "\(labels)")
        XCTAssertEqual(Set(labels).count, 3, "\(labels)")
    }

    /// The texts of the value axis (right-aligned beside the plot), bottom first.
    private func axisLabels(_ svg: String) -> [String] {
        svg.components(separatedBy: "text-anchor=\"end\">").dropFirst().compactMap { part in
            let text = part.components(separatedBy: "</text>")[0]
            // The date under the plot's right edge is right-aligned too; it is not a value.
            return text.contains("-") ? nil : text
        }
    }
}
