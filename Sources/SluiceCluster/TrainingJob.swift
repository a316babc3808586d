import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// A training job over ranks (``ClusterJob/training(_:)``): what every rank reads and trains.
public struct TrainingJob: Codable, Sendable {
    public var algorithm: Algorithm
    public var target: String?
    public var recipe: Recipe
    /// The algorithm's `{ }` settings: numbers and text.
    public var settings: [String: Setting]
    /// A path or `s3://` URI, or a glob of them.
    public var source: String
    public var sluiceVersion: String

    /// A setting's value.
    public enum Setting: Codable, Sendable, Equatable {
        case number(Double)
        case text(String)
    }

    public init(algorithm: Algorithm, target: String?, recipe: Recipe, settings: [String: Setting], source: String,
                sluiceVersion: String) {
        self.algorithm = algorithm
        self.target = target
        self.recipe = recipe
        self.settings = settings
        self.source = source
        self.sluiceVersion = sluiceVersion
    }

    /// Runs this rank's part: reads its shard and trains with the others; rank 0 says the progress.
    func run(collective: any Collective, output: JobOutput) throws -> TrainedModel {
        let location = try StorageLocation(source)
        let locations = Storage.isPattern(source) ? try Storage.expand(location) : [location]
        guard !locations.isEmpty else { throw ClusterError.badShard("nothing matches \(source)") }
        let table = try ShardReader(locations: locations, collective: collective).table()
        let configuration = try algorithm.configuration(settings.map { name, value in
            switch value {
            case .number(let number): ParameterSetting(name, .number(number))
            case .text(let text): ParameterSetting(name, .text(text))
            }
        })
        return try configuration.train(on: table, target: target, recipe: recipe, sluiceVersion: sluiceVersion,
                                       collective: collective, layout: .sharded, progress: { update in
            let (done, total, message) = Self.describe(update)
            output.progress(done, total, message)
        })
    }
    private static func describe(_ update: TrainingUpdate) -> (Int, Int, String) {
        switch update {
        case .round(let progress):
            let loss = progress.record.training.isNaN ? "" : " · training loss \(String(format: "%.6f", progress.record.training))"
            return (progress.round + 1, progress.rounds, "round \(progress.round + 1)\(loss)")
        case .iteration(let done, let total): return (done, total, "iteration \(done)")
        case .initialisation(let done, let total): return (done, total, "initialisation \(done)")
        }
    }
}
