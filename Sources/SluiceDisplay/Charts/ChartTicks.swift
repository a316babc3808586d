import Foundation
import SluiceData

/// Where an axis puts its ticks and what they say: round numbers (steps of 1, 2 or 5 times a power of
/// ten, as matplotlib's and Vega's defaults), whole calendar units for time.
enum ChartTicks {
    /// About `target` ticks over `range`, and the range widened to the first and last of them; steps of
    /// at least 1 for `wholeNumbers`.
    static func linear(_ range: ClosedRange<Double>, target: Int = 5, wholeNumbers: Bool = false)
        -> (domain: ClosedRange<Double>, ticks: [Double], step: Double) {
        var (low, high) = (range.lowerBound, range.upperBound)
        if !(high > low) {
            // One value: a unit around it (or around its magnitude).
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        let raw = (high - low) / Double(max(target, 1))
        let magnitude = pow(10, floor(log10(raw)))
        var step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * 0.999 } ?? 10 * magnitude
        if wholeNumbers { step = max(step, 1) }
        let first = floor(low / step + 1e-9) * step, last = ceil(high / step - 1e-9) * step
        let count = Int(((last - first) / step).rounded())
        let ticks = (0...count).map { first + Double($0) * step }.map { abs($0) < step * 1e-9 ? 0 : $0 }
        return (first...last, ticks, step)
    }

    /// A tick's label: as many decimals as the step needs, thousands separated (`2,500`, `0.25`), an
    /// exponent for very small or very large steps.
    static func label(_ value: Double, step: Double) -> String {
        if step < 1e-4 || abs(value) >= 1e15 { return String(format: "%.2g", value) }
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        guard decimals == 0 else { return String(format: "%.\(decimals)f", value) }
        return formatCount(Int(value.rounded()))
    }

    /// Ticks in whole calendar units (years, months, days, hours, minutes or seconds) over a range of
    /// microseconds since 1970, with labels as precise as the unit: `2014`, `2014-03`, `2014-03-05`,
    /// `03-05 14:00`, `14:05`, `14:05:30`.
    static func time(_ range: ClosedRange<Double>, target: Int = 5) -> [(value: Double, label: String)] {
        let span = max(range.upperBound - range.lowerBound, 1e6)
        let second = 1e6, minute = 60 * second, hour = 60 * minute, day = 24 * hour
        let choices: [(TimeUnit, Int, Double)] = [
            (.second, 1, second), (.second, 5, 5 * second), (.second, 15, 15 * second), (.second, 30, 30 * second),
            (.minute, 1, minute), (.minute, 5, 5 * minute), (.minute, 15, 15 * minute), (.minute, 30, 30 * minute),
            (.hour, 1, hour), (.hour, 3, 3 * hour), (.hour, 6, 6 * hour), (.hour, 12, 12 * hour),
            (.day, 1, day), (.day, 2, 2 * day), (.day, 7, 7 * day), (.day, 14, 14 * day),
            (.month, 1, 30.4 * day), (.month, 2, 61 * day), (.month, 3, 91 * day), (.month, 6, 183 * day),
            (.year, 1, 365.25 * day), (.year, 2, 730 * day), (.year, 5, 1826 * day), (.year, 10, 3652 * day),
            (.year, 20, 7305 * day), (.year, 50, 18262 * day), (.year, 100, 36525 * day),
        ]
        let (unit, every, _) = choices.first { $0.2 * Double(target) >= span } ?? choices[choices.count - 1]
        var ticks: [(Double, String)] = []
        var instant = unit.start(atOrAfter: Int64(range.lowerBound.rounded(.up)), every: every)
        while Double(instant) <= range.upperBound, ticks.count < 200 {
            ticks.append((Double(instant), unit.label(instant)))
            instant = unit.advance(instant, by: every)
        }
        return ticks
    }

    enum TimeUnit {
        case second, minute, hour, day, month, year

        private var micros: Int64 {
            switch self {
            case .second: 1_000_000
            case .minute: 60_000_000
            case .hour: 3_600_000_000
            default: DateTimeParser.microsecondsPerDay
            }
        }

        /// The first whole multiple of the unit (every `every` of them) at or after `instant`.
        func start(atOrAfter instant: Int64, every: Int) -> Int64 {
            switch self {
            case .month, .year:
                let (year, month, day) = DateTimeParser.civil(days: DateTimeParser.days(of: instant))
                var (y, m) = (year, month)
                let atStart = day == 1 && DateTimeParser.isMidnight(instant)
                if self == .year {
                    if !(atStart && month == 1) { y += 1 }
                    y = Int((Double(y) / Double(every)).rounded(.up)) * every
                    return DateTimeParser.days(year: y, month: 1, day: 1)! * DateTimeParser.microsecondsPerDay
                }
                if !atStart { (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1) }
                while (m - 1) % every != 0 { (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1) }
                return DateTimeParser.days(year: y, month: m, day: 1)! * DateTimeParser.microsecondsPerDay
            default:
                let size = micros * Int64(every)
                let floored = instant >= 0 ? instant / size * size : (instant - size + 1) / size * size
                return floored == instant ? instant : floored + size
            }
        }

        func advance(_ instant: Int64, by every: Int) -> Int64 {
            switch self {
            case .month, .year:
                let (year, month, _) = DateTimeParser.civil(days: DateTimeParser.days(of: instant))
                let months = (self == .year ? 12 : 1) * every
                let total = year * 12 + (month - 1) + months
                return DateTimeParser.days(year: total / 12, month: total % 12 + 1, day: 1)! * DateTimeParser.microsecondsPerDay
            default:
                return instant + micros * Int64(every)
            }
        }

        func label(_ instant: Int64) -> String {
            let text = DateTimeParser.format(instant, dateOnly: false)  // YYYY-MM-DDTHH:MM:SS
            let characters = Array(text)
            func slice(_ from: Int, _ to: Int) -> String { String(characters[from..<to]) }
            switch self {
            case .year: return slice(0, 4)
            case .month: return slice(0, 7)
            case .day: return slice(0, 10)
            case .hour: return slice(5, 10) + " " + slice(11, 16)
            case .minute: return slice(11, 16)
            case .second: return slice(11, 19)
            }
        }
    }
}
