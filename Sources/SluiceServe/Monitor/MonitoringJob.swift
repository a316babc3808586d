import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// One run of Model Monitor's checks against a store, as both the `monitor` statement and `sluice monitor`
/// run it: the data (an endpoint's captured traffic, once its pending records are written, or a table),
/// the constraints (those saved with the stored model, which a person may have edited, else the ones its
/// baseline suggests), and the reports under the store's `monitoring/` folder.
public struct MonitoringJob {
    /// What is checked.
    public enum Data {
        /// An endpoint's captured traffic (since a time, for a scheduled run in the endpoint's own process, whose
        /// capture it has flushed itself).
        case endpoint(String, since: Date? = nil)
        /// A table, named in messages by `source`.
        case table(Table, source: String)
    }

    /// The store's root: models, endpoints, capture and monitoring reports.
    public let storeRoot: String

    public init(storeRoot: String) {
        self.storeRoot = storeRoot
    }

    /// Checks `data` against `model`, stored as `storedAs` (name and version) when it is a stored model.
    public func run(model: TrainedModel, storedAs: (name: String, version: Int)?, data: Data,
                    threshold: Double?) throws(MonitoringError) -> MonitoringReport {
        let store = ModelStore(root: storeRoot)
        let constraints = try ModelMonitor.constraints(for: model, storedAs: storedAs?.name, version: storedAs?.version, store: store)
        let place = { (relative: String) throws(MonitoringError) -> StorageLocation in
            do throws(StoreError) {
                return try store.location(relative)
            } catch {
                throw .noData(error.description)
            }
        }
        switch data {
        case .endpoint(let endpoint, let since):
            let registry = EndpointRegistry(store: store)
            if since == nil, let record = registry.record(named: endpoint) {
                registry.awaitCapture(of: record, token: EndpointConfiguration.environmentToken)
            }
            let captured = try CapturedTraffic.table(folder: try place("capture/" + endpoint), schema: model.inputSchema, since: since)
            return try ModelMonitor.run(model: model, data: captured, constraints: constraints, threshold: threshold,
                                        source: "\"\(endpoint)\"'s captured traffic", reports: try place("monitoring/" + endpoint))
        case .table(let table, let source):
            return try ModelMonitor.run(model: model, data: table, constraints: constraints, threshold: threshold, source: source,
                                        reports: try place("monitoring/tables"))
        }
    }
}
