import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// A training job over ranks: what every rank reads and trains. The session that launches it
/// (``JobLauncher``) writes it to mpirun's standard input, which reaches rank 0, and rank 0 sends it to
/// the others (`sluice train-job`), so no file needs to be shared between hosts; rank 0 sends the model
/// back on its standard output, which mpirun passes on to the session.
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

    /// The line prefix of rank 0's progress on its standard output: `PREFIX DONE TOTAL MESSAGE`.
    public static let progressPrefix = "sluice-job-progress"
    /// The line prefix of the trained model on rank 0's standard output: `PREFIX BASE64-OF-THE-BUNDLE`.
    public static let modelPrefix = "sluice-job-model"

    /// The job, as rank 0 reads it from its standard input and every other rank receives it from rank 0.
    public static func received(over collective: any Collective) throws -> TrainingJob {
        var bytes = collective.rank == 0 ? Array(FileHandle.standardInput.readDataToEndOfFile()) : []
        collective.broadcast(&bytes, from: 0)
        return try JSONDecoder().decode(TrainingJob.self, from: Data(bytes))
    }

    /// Runs this rank's part: reads its shard, trains with the others, and (rank 0) sends the model.
    public func run(collective: any Collective) throws {
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
        let speaks = collective.rank == 0
        let model = try configuration.train(on: table, target: target, recipe: recipe, sluiceVersion: sluiceVersion,
                                            collective: collective, layout: .sharded, progress: { update in
            guard speaks else { return }
            let (done, total, message) = Self.describe(update)
            FileHandle.standardOutput.write(Data("\(Self.progressPrefix) \(done) \(total) \(message)\n".utf8))
        })
        if speaks {
            let encoder = JSONEncoder()
            encoder.dateEncodingStrategy = .iso8601
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            let bundle = try encoder.encode(ModelBundle(model: model)).base64EncodedString()
            FileHandle.standardOutput.write(Data("\(Self.modelPrefix) \(bundle)\n".utf8))
        }
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
