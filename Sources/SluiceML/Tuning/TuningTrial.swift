/// How the tuner chooses the next parameters.
public enum SearchStrategy: String, Sendable, Codable, CaseIterable {
    /// A Gaussian process with expected improvement, after a few random trials.
    case bayesian
    case random, grid
    /// Random candidates in successive-halving brackets, with boosting rounds as the resource.
    case hyperband
}

/// One tried set of parameters and how it scored.
public struct TuningTrial: Sendable, Equatable {
    public var number: Int
    public var parameters: [String: TuningValue]
    /// The metric on each validation part: one value for a hold-out, one per fold for cross-validation.
    public var partValues: [Double]
    public var seconds: Double
    /// The boosting rounds after which the trial was stopped as unpromising (by the median rule or a
    /// Hyperband rung); its values are those of that round. Nil when it trained in full.
    public var stoppedAt: Int?

    public init(number: Int, parameters: [String: TuningValue], partValues: [Double], seconds: Double, stoppedAt: Int? = nil) {
        self.number = number
        self.parameters = parameters
        self.partValues = partValues
        self.seconds = seconds
        self.stoppedAt = stoppedAt
    }

    /// The mean of the part values: what the search ranks.
    public var value: Double { Metrics.meanAndDeviation(partValues).mean }

    /// The population standard deviation of the part values; 0 for a single hold-out.
    public var standardDeviation: Double { Metrics.meanAndDeviation(partValues).deviation }
}
