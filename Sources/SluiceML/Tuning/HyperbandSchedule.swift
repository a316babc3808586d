import Foundation

/// Hyperband's brackets (Li et al., 2018) for a budget of candidates and a
/// full resource of `R` boosting rounds, with η = 3: bracket `s` starts its
/// candidates at `R / 3^s` rounds and keeps the best third at each rung
/// until the survivors reach `R`. The most exploratory bracket starts at no
/// fewer than `R / 27` rounds; candidates are shared out between the
/// brackets in Hyperband's proportions (`3^s / (s + 1)`).
public struct HyperbandSchedule: Sendable, Equatable {
    /// One round of successive halving: this many candidates trained to `resource` rounds.
    public struct Rung: Sendable, Equatable {
        public var candidates: Int
        public var resource: Int
    }

    public static let eta = 3

    /// Each bracket's rungs, most exploratory first.
    public var brackets: [[Rung]]

    public init(candidates: Int, fullResource: Int) {
        let eta = Double(Self.eta)
        let deepest = max(0, min(3, Int((log(Double(fullResource)) / log(eta)).rounded(.down))))
        let levels = Array((0...deepest).reversed()).prefix(max(1, candidates))
        let weights = levels.map { pow(eta, Double($0)) / Double($0 + 1) }
        let total = weights.reduce(0, +)
        // Shares in proportion to the weights: whole parts first, the rest to the largest fractions,
        // then a candidate moved from the largest share to any bracket left empty.
        let exact = weights.map { Double(candidates) * $0 / total }
        var counts = exact.map { Int($0.rounded(.down)) }
        let byFraction = exact.indices.sorted { exact[$0] - Double(counts[$0]) > exact[$1] - Double(counts[$1]) }
        for index in byFraction.prefix(candidates - counts.reduce(0, +)) { counts[index] += 1 }
        for index in counts.indices where counts[index] == 0 {
            let largest = counts.indices.max { counts[$0] < counts[$1] }!
            counts[largest] -= 1
            counts[index] = 1
        }
        brackets = zip(levels, counts).map { level, count in
            var rungs: [Rung] = []
            for step in 0...level {
                let resource = step == level ? fullResource
                    : max(1, Int((Double(fullResource) / pow(eta, Double(level - step))).rounded()))
                let kept = max(1, Int((Double(count) / pow(eta, Double(step))).rounded(.down)))
                if let last = rungs.last, last.resource >= resource { continue }
                rungs.append(Rung(candidates: kept, resource: resource))
            }
            return rungs
        }
    }
}
