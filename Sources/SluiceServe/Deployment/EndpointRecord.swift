import Foundation

/// A deployed endpoint as the store records it: `ROOT/endpoints/NAME.json`.
public struct EndpointRecord: Sendable, Codable, Equatable {
    public var name: String
    public var host: String
    public var port: Int
    /// The `sluice serve` process.
    public var pid: Int32
    /// The model served: its name in the store and its version.
    public var model: String
    public var version: Int
    /// Whether it serves `version` whatever is saved after it (deployed by the model's name, from the
    /// registry), rather than following the latest version; nil in records written before this was kept.
    public var pinned: Bool?
    public var capturePercent: Double
    /// SageMaker's built-in containers' answers instead of Sluice's; nil (Sluice's) in records written before this was kept.
    public var answers: AnswerStyle?
    public var deployedAt: Date

    /// The endpoint's base address.
    public var url: String { "http://\(host):\(port)" }
}

/// How an endpoint is doing, as `endpoints` reports it.
public enum EndpointHealth: String, Sendable {
    /// `/ping` answered 200.
    case healthy
    /// The process runs but `/ping` did not answer 200.
    case notResponding = "not responding"
    /// The process is gone.
    case stopped
}
