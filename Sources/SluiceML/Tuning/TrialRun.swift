/// One tuning candidate being trained. The tuner calls ``advance(to:)`` with
/// growing amounts of resource (boosting rounds) and reads the scores, so it
/// can stop a poor candidate early; a model trained all at once has a
/// resource of 1. Each run is advanced by one task at a time, but different
/// runs may advance at once on different cores.
public protocol TrialRun: AnyObject, Sendable {
    /// The resource a full trial uses: its boosting rounds, or 1.
    var fullResource: Int { get }
    /// Trains up to `resource` (at most ``fullResource``) and returns the metric on each validation part.
    func advance(to resource: Int) throws -> [Double]
}

/// A trial trained and scored all at once by a closure (the linear learner, k-means).
public final class ComputedTrialRun: TrialRun {
    private let score: @Sendable () throws -> [Double]

    /// `score` trains the candidate on each part and returns the metric on each validation part.
    public init(_ score: @escaping @Sendable () throws -> [Double]) {
        self.score = score
    }

    public var fullResource: Int { 1 }

    public func advance(to resource: Int) throws -> [Double] { try score() }
}
