import Foundation
import SluiceData

/// A parameter value a tuner tries.
public enum TuningValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var description: String {
        switch self {
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.4g", value)
        case .text(let text): "\"\(text)\""
        }
    }
}

/// Where a tuned parameter's values come from.
public enum SearchRange: Sendable, Equatable, Codable {
    /// Uniform between the bounds; whole numbers only when `integer`.
    case uniform(Double, Double, integer: Bool)
    /// Uniform in the logarithm (both bounds > 0).
    case logUniform(Double, Double, integer: Bool)
    /// One of the candidates.
    case choices([TuningValue])

    /// A random value.
    func sample(_ generator: inout SeededGenerator) -> TuningValue {
        let u = Double(generator.next() >> 11) / Double(1 << 53)
        switch self {
        case .uniform(let low, let high, let integer):
            return .number(integer ? (low + (u * (high - low + 1)).rounded(.down)).clamped(low, high) : low + u * (high - low))
        case .logUniform(let low, let high, let integer):
            let value = exp(log(low) + u * (log(high) - log(low)))
            return .number(integer ? value.rounded().clamped(low, high) : value)
        case .choices(let values):
            return values[generator.nextIndex(below: values.count)]
        }
    }

    /// The value's position in [0, 1] (the logarithm's, for log ranges; the index's, for candidates).
    func encode(_ value: TuningValue) -> Double {
        switch (self, value) {
        case (.uniform(let low, let high, _), .number(let x)): return (x - low) / (high - low)
        case (.logUniform(let low, let high, _), .number(let x)): return (log(x) - log(low)) / (log(high) - log(low))
        case (.choices(let values), _):
            return values.count > 1 ? Double(values.firstIndex(of: value) ?? 0) / Double(values.count - 1) : 0
        default: return 0
        }
    }

    /// The value at position `unit` in [0, 1].
    func decode(_ unit: Double) -> TuningValue {
        let u = min(max(unit, 0), 1)
        switch self {
        case .uniform(let low, let high, let integer):
            let value = low + u * (high - low)
            return .number(integer ? value.rounded() : value)
        case .logUniform(let low, let high, let integer):
            let value = exp(log(low) + u * (log(high) - log(low)))
            return .number(integer ? value.rounded().clamped(low, high) : value)
        case .choices(let values):
            return values[min(values.count - 1, Int((u * Double(values.count - 1)).rounded()))]
        }
    }

    /// The values a grid search tries: every candidate, every whole number of a short
    /// integer range, or `points` evenly spaced values (in the logarithm for log ranges).
    func grid(points: Int = 5) -> [TuningValue] {
        switch self {
        case .choices(let values):
            return values
        case .uniform(let low, let high, let integer):
            if integer, high - low + 1 <= Double(points) * 2 {
                return stride(from: low, through: high, by: 1).map { TuningValue.number($0) }
            }
            var values: [TuningValue] = []
            for step in 0..<points {
                let value: Double = low + (high - low) * Double(step) / Double(points - 1)
                values.append(.number(integer ? value.rounded() : value))
            }
            return values
        case .logUniform(let low, let high, let integer):
            return (0..<points).map { step in
                let value = exp(log(low) + (log(high) - log(low)) * Double(step) / Double(points - 1))
                return .number(integer ? value.rounded() : value)
            }
        }
    }
}

private extension Double {
    func clamped(_ low: Double, _ high: Double) -> Double { Swift.min(Swift.max(self, low), high) }
}
