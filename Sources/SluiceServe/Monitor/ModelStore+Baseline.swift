import SluiceML

extension ModelStore {
    /// Saves a new version of `model` as `name`, with its monitoring baseline (`vN.statistics.json`
    /// and the suggested `vN.constraints.json`) beside it; returns the version.
    public func saveWithBaseline(_ model: TrainedModel, as name: String) throws(StoreError) -> Int {
        let version = try save(ModelBundle(model: model), as: name)
        do {
            try ModelMonitor.writeBaseline(of: model, folder: root + "/models/" + name, version: version)
        } catch {
            throw .cannotWrite(root + "/models/" + name, error.description)
        }
        return version
    }
}
