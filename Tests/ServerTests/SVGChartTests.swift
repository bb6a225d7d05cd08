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

    /// The left margin grows with the widest value label, so "1023.83 MB" is not cut at the
    /// chart's left edge; short labels keep a narrow margin and a wider plot.
    func testTheMarginFitsTheWidestLabel() throws {
        let day: Int64 = 86_400_000
        func chart(uploaded: Int64) -> String {
            let points = [0, 1].map {
                ChartPoint(bucketStart: day * $0, lastRunTime: day * $0, uploadedSize: uploaded * ($0 + 1), runs: 1)
            }
            return SVGChart(.uploadedSize, points: points, bars: false).svg
        }
        let wide = chart(uploaded: 536_780_000)
        let labels = axisLabels(wide)
        XCTAssertEqual(labels.last, "1023.83 MB")
        // Each label ends at x (text-anchor end): at 13 units, a character is at most ~7.6 wide.
        for label in labels {
            let x = try XCTUnwrap(labelX(label, in: wide))
            XCTAssertGreaterThanOrEqual(x - Double(label.count) * 7.6, 0, label)
        }
        let narrow = chart(uploaded: 1_024)
        XCTAssertLessThan(try XCTUnwrap(labelX(axisLabels(narrow).last ?? "", in: narrow)), try XCTUnwrap(labelX("1023.83 MB", in: wide)))
    }

    /// The `x` of the value label `label`.
    private func labelX(_ label: String, in svg: String) -> Double? {
        guard let end = svg.range(of: "text-anchor=\"end\">\(label)</text>") else { return nil }
        let before = svg[..<end.lowerBound]
        guard let start = before.range(of: "x=\"", options: .backwards) else { return nil }
        return Double(before[start.upperBound...].prefix { $0 != "\"" })
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
