import Foundation
import SluiceData
import Testing
@testable import SluiceML

private func smallModel() throws -> TrainedModel {
    let table = try Table(columns: [
        Column(name: "x", values: .float([1, 2, 3, 4, 5, 6, 7, 8], missing: MissingMask(missingRows: [3]))),
        Column(name: "color", values: .categorical(codes: [0, 1, 0, 1, 0, 1, 0, 1], levels: ["red", "blue"])),
        Column(name: "y", values: .categorical(codes: [0, 0, 0, 0, 1, 1, 1, 1], levels: ["no", "yes"])),
    ])
    var parameters = BoostingParameters()
    parameters.rounds = 3
    parameters.minChildWeight = 0
    return try Training.boostedTrees(on: table, target: "y", parameters: parameters, sluiceVersion: "test")
}

private func temporaryStore() -> ModelStore {
    ModelStore(root: NSTemporaryDirectory() + "sluice-store-\(UUID().uuidString)")
}

@Suite("Model store")
struct ModelStoreTests {
    @Test("saving numbers versions; loading takes the latest or the one asked for")
    func versions() throws {
        let store = temporaryStore()
        let model = try smallModel()
        #expect(try store.save(ModelBundle(model: model), as: "churn") == 1)
        #expect(try store.save(ModelBundle(model: model), as: "churn") == 2)
        #expect(try store.save(ModelBundle(model: model), as: "other.v2") == 1)
        #expect(try store.versions(of: "churn") == [1, 2])
        #expect(try store.load("churn").version == 2)
        #expect(try store.load("churn", version: 1).bundle.model == model)
        #expect(try store.names() == ["churn", "other.v2"])
        #expect(try store.list().map { "\($0.name) v\($0.version)" } == ["churn v1", "churn v2", "other.v2 v1"])
        #expect(FileManager.default.fileExists(atPath: store.root + "/models/churn/v2.xgboost.json"))
    }

    @Test("a loaded model predicts identically, recipe and all")
    func roundTrip() throws {
        let store = temporaryStore()
        let model = try smallModel()
        _ = try store.save(ModelBundle(model: model), as: "m")
        let loaded = try store.load("m").bundle.model
        let rows = try Table(columns: [
            Column(name: "x", values: .float([2.5, 0, 7], missing: MissingMask(missingRows: [1]))),
            Column(name: "color", values: .categorical(codes: [0, 1, 0], levels: ["blue", "green"])),
        ])
        #expect(try loaded.predict(rows) == (try model.predict(rows)))
        #expect(loaded.trainingStatistics.map(\.name) == ["x", "color", "y"])
    }

    @Test("unknown names and versions, and bad names, are clear errors")
    func errors() throws {
        let store = temporaryStore()
        #expect(throws: StoreError.notFound("churn", available: [])) { try store.load("churn") }
        _ = try store.save(ModelBundle(model: try smallModel()), as: "churn")
        #expect(throws: StoreError.noSuchVersion("churn", 5, available: [1])) { try store.load("churn", version: 5) }
        #expect(throws: StoreError.invalidName("../escape")) { try store.save(ModelBundle(model: try smallModel()), as: "../escape") }
        #expect(StoreError.notFound("chrun", available: ["churn"]).description == "no model \"chrun\" in the store (it has \"churn\")")
    }

    @Test("the store is $SLUICE_HOME when set, else .sluice in the working directory")
    func location() {
        #expect(ModelStore.located(workingDirectory: "/work", environment: [:]).root == "/work/.sluice")
        #expect(ModelStore.located(workingDirectory: "/work", environment: ["SLUICE_HOME": "/models"]).root == "/models")
    }

    @Test("a version appears only with all its files; a failure leaves no version, says why, and keeps the number free")
    func atomicVersions() throws {
        let store = temporaryStore()
        let model = try smallModel()
        let folder = store.root + "/models/churn"
        // A folder where a side file must go: writing it fails, as a full disk would.
        try FileManager.default.createDirectory(atPath: folder + "/v1.statistics.json/blocker", withIntermediateDirectories: true)
        do {
            _ = try store.save(ModelBundle(model: model), as: "churn", sideFiles: ["statistics.json": Data("{}".utf8)])
            Issue.record("saved over a folder")
        } catch {
            #expect(error.description.hasPrefix("cannot write to \(folder): "))
            #expect(error.description.lowercased().contains("directory"), "\(error)")
        }
        #expect(try store.versions(of: "churn") == [])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(left == ["v1.statistics.json"], "nothing but the blocking folder: \(left)")
        try FileManager.default.removeItem(atPath: folder + "/v1.statistics.json")
        #expect(try store.save(ModelBundle(model: model), as: "churn", sideFiles: ["statistics.json": Data("{}".utf8)]) == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["v1.json", "v1.statistics.json", "v1.xgboost.json"])
    }

    @Test("what a writer that died left behind (its reservation, its version's side files, temporary files) goes at the next save")
    func abandonedWrites() throws {
        let store = temporaryStore()
        let model = try smallModel()
        _ = try store.save(ModelBundle(model: model), as: "churn")
        let folder = store.root + "/models/churn"
        // A process that has ended: its pid is free.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let pid = ended.processIdentifier
        try Data("\(pid)".utf8).write(to: URL(fileURLWithPath: folder + "/.v2.reserved"))
        try Data("{}".utf8).write(to: URL(fileURLWithPath: folder + "/v2.xgboost.json"))
        try Data("half".utf8).write(to: URL(fileURLWithPath: folder + "/.v2.json.p\(pid).0badc0de.partial"))
        // A live writer's files stay.
        try Data("\(getpid())".utf8).write(to: URL(fileURLWithPath: folder + "/.v3.reserved"))
        #expect(try store.save(ModelBundle(model: model), as: "churn") == 4)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files == [".v3.reserved", "v1.json", "v1.xgboost.json", "v4.json", "v4.xgboost.json"])
    }
}
