import Foundation
import SluiceML

extension ModelStore {
    /// Saves a new version of `model` as `name`, with its monitoring baseline (`vN.statistics.json`
    /// and the suggested `vN.constraints.json`) beside it; returns the version.
    /// The version appears only with both (``ModelStore/save(_:as:sideFiles:)``).
    public func saveWithBaseline(_ model: TrainedModel, as name: String) throws(StoreError) -> Int {
        let files: [String: Data]
        do {
            files = try ModelMonitor.baselineFiles(of: model)
        } catch {
            throw .cannotWrite(root + "/models/" + name, error.description)
        }
        return try save(ModelBundle(model: model), as: name, sideFiles: files)
    }
}
