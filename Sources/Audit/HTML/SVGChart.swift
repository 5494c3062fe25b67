import Foundation

/// A small line or bar chart drawn as inline SVG, so the report page needs no
/// scripts and no network.
struct SVGChart {
    struct Series {
        var name: String
        var color: String
        var values: [Double]
        var bars = false
    }

    /// A horizontal line at a level the values are held to (a budget), dashed.
    struct Limit {
        var name: String
        var value: Double
        var color: String
    }

    var title: String
    var xLabel: String
    var x: [Double]
    var series: [Series]
    var limit: Limit?
    var width = 560.0
    var height = 260.0

    private let left = 56.0, right = 16.0, top = 30.0, bottom = 40.0

    func render() -> String {
        let finite = (series.flatMap(\.values) + [limit?.value].compactMap { $0 }).filter(\.isFinite)
        let yMax = max(finite.max() ?? 1, 1e-9) * 1.05
        let yMin = min(finite.min() ?? 0, 0)
        // Half a round of margin on each side keeps the first and last bars inside the axes.
        let xMin = (x.min() ?? 0) - 0.5, xMax = max(x.max() ?? 1, xMin + 1) + 0.5
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        func px(_ value: Double) -> Double { left + (value - xMin) / (xMax - xMin) * plotWidth }
        func py(_ value: Double) -> Double { top + (1 - (value - yMin) / (yMax - yMin)) * plotHeight }

        var svg = #"<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="\#(f(width))" height="\#(f(height))" viewBox="0 0 \#(f(width)) \#(f(height))" role="img" aria-label="\#(HTMLText.escape(title))">"#
        svg += #"<text x="\#(f(left))" y="18" class="title">\#(HTMLText.escape(title))</text>"#
        svg += #"<line x1="\#(f(left))" y1="\#(f(top + plotHeight))" x2="\#(f(left + plotWidth))" y2="\#(f(top + plotHeight))" stroke="dimgray"/>"#
        svg += #"<line x1="\#(f(left))" y1="\#(f(top))" x2="\#(f(left))" y2="\#(f(top + plotHeight))" stroke="dimgray"/>"#
        for tick in 0...4 {
            let value = yMin + (yMax - yMin) * Double(tick) / 4
            svg += #"<text x="\#(f(left - 6))" y="\#(f(py(value) + 4))" text-anchor="end" class="tick">\#(short(value))</text>"#
            svg += #"<line x1="\#(f(left))" y1="\#(f(py(value)))" x2="\#(f(left + plotWidth))" y2="\#(f(py(value)))" stroke="gainsboro"/>"#
        }
        svg += #"<text x="\#(f(left + plotWidth / 2))" y="\#(f(height - 6))" text-anchor="middle" class="tick">\#(HTMLText.escape(xLabel))</text>"#
        for xValue in Self.wholeTicks(from: x.min() ?? 1, to: x.max() ?? 1) {
            svg += #"<line x1="\#(f(px(xValue)))" y1="\#(f(top + plotHeight))" x2="\#(f(px(xValue)))" y2="\#(f(top + plotHeight + 4))" stroke="dimgray"/>"#
            svg += #"<text x="\#(f(px(xValue)))" y="\#(f(top + plotHeight + 15))" text-anchor="middle" class="tick xtick">\#(short(xValue))</text>"#
        }
        if let limit, limit.value.isFinite {
            svg += #"<line class="limit" x1="\#(f(left))" y1="\#(f(py(limit.value)))" x2="\#(f(left + plotWidth))" y2="\#(f(py(limit.value)))" stroke="\#(limit.color)" stroke-width="1.5" stroke-dasharray="6 4"/>"#
            svg += #"<text x="\#(f(left + 4))" y="\#(f(py(limit.value) - 4))" fill="\#(limit.color)" class="legend">\#(HTMLText.escape(limit.name))</text>"#
        }
        let barWidth = max(2, plotWidth / Double(max(x.count, 1)) * 0.6 / Double(max(series.filter(\.bars).count, 1)))
        for (seriesIndex, item) in series.enumerated() {
            let points = zip(x, item.values).filter { $0.1.isFinite }
            if item.bars {
                for (xValue, yValue) in points {
                    let barX = px(xValue) - barWidth / 2 + Double(seriesIndex) * barWidth
                    svg += #"<rect x="\#(f(barX))" y="\#(f(py(yValue)))" width="\#(f(barWidth))" height="\#(f(py(yMin) - py(yValue)))" fill="\#(item.color)"/>"#
                }
            } else if !points.isEmpty {
                let path = points.map { "\(f(px($0.0))),\(f(py($0.1)))" }.joined(separator: " ")
                svg += #"<polyline fill="none" stroke="\#(item.color)" stroke-width="2" points="\#(path)"/>"#
                for (xValue, yValue) in points {
                    svg += #"<circle cx="\#(f(px(xValue)))" cy="\#(f(py(yValue)))" r="3" fill="\#(item.color)"/>"#
                }
            }
            let legendX = width - right - Double(series.count - seriesIndex) * 110
            svg += #"<text x="\#(f(legendX))" y="18" fill="\#(item.color)" class="legend">\#(HTMLText.escape(item.name))</text>"#
        }
        return svg + "</svg>"
    }

    /// Axis ticks on whole numbers between `low` and `high` (round ids): every
    /// 1, 2, 5, 10, 20, 50... whichever gives at most ten, so labels never
    /// fall between rounds or crowd each other.
    static func wholeTicks(from low: Double, to high: Double) -> [Double] {
        let first = low.rounded(.up), last = max(high.rounded(.down), first)
        var step = 1.0
        while (last - first) / step >= 10 {
            let digits = String(Int(step)).first
            step *= digits == "2" ? 2.5 : 2
        }
        let start = step == 1 ? first : (first / step).rounded(.up) * step
        return Array(stride(from: start, through: last, by: step))
    }

    private func f(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    private func short(_ value: Double) -> String {
        value == value.rounded() || abs(value) >= 100 ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }
}

/// Escaping for text placed in HTML.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
