import Foundation
import SluiceData
import SluiceML

/// Small models trained on hand-made tables, one per task.
enum TestModels {
    /// `x` (float, one missing), `color` (red/blue), `count` (integer) → `y` (no/yes).
    static func table() throws -> Table {
        try Table(columns: [
            Column(name: "x", values: .float([1, 2, 3, 4, 5, 6, 7, 8], missing: MissingMask(missingRows: [3]))),
            Column(name: "color", values: .categorical(codes: [0, 1, 0, 1, 0, 1, 0, 1], levels: ["red", "blue"])),
            Column(name: "count", values: .integer([3, 1, 4, 1, 5, 9, 2, 6], missing: MissingMask())),
            Column(name: "y", values: .categorical(codes: [0, 0, 0, 0, 1, 1, 1, 1], levels: ["no", "yes"])),
        ])
    }

    static func binary() throws -> TrainedModel {
        var parameters = BoostingParameters()
        parameters.rounds = 3
        parameters.minChildWeight = 0
        return try Training.boostedTrees(on: try table(), target: "y", parameters: parameters, sluiceVersion: "test")
    }

    static func multiclass() throws -> TrainedModel {
        let table = try Table(columns: [
            Column(name: "x", values: .float([1, 2, 3, 4, 5, 6, 7, 8, 9], missing: MissingMask())),
            Column(name: "kind", values: .categorical(codes: [0, 0, 0, 1, 1, 1, 2, 2, 2], levels: ["a", "b", "c"])),
        ])
        var parameters = BoostingParameters()
        parameters.rounds = 2
        parameters.minChildWeight = 0
        return try Training.boostedTrees(on: table, target: "kind", parameters: parameters, sluiceVersion: "test")
    }

    static func clusters() throws -> TrainedModel {
        let table = try Table(columns: [
            Column(name: "a", values: .float([0, 0.1, 0.2, 10, 10.1, 10.2], missing: MissingMask())),
            Column(name: "b", values: .float([0, 0.2, 0.1, 5, 5.2, 5.1], missing: MissingMask())),
        ])
        var parameters = KMeansParameters(k: 2)
        parameters.seed = 1
        return try Training.kmeans(on: table, parameters: parameters, sluiceVersion: "test")
    }

    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "sluice-serve-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
