import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// A standing order to monitor an endpoint: `monitor "name" against MODEL every 1h [alert "URL"]` (data quality,
/// kept as `monitoring/NAME/schedule.json`) or `monitor quality "name" with "PATH" every 1d [alert "URL"]` (model
/// quality, `monitoring/NAME/quality/schedule.json`), in the store beside the endpoint's reports, where the
/// endpoint's own process finds it and runs the checks; it outlives the session that set it, and `undeploy` ends it.
public struct MonitoringSchedule: Codable, Sendable, Equatable {
    /// What a model-quality schedule merges and measures.
    public struct Quality: Codable, Sendable, Equatable {
        /// Where the ground truth is (a file, folder or S3 prefix of SageMaker's ground-truth records).
        public var groundTruth: String
        /// The metric, when not the task's default.
        public var metric: String?

        public init(groundTruth: String, metric: String?) {
            self.groundTruth = groundTruth
            self.metric = metric
        }
    }

    public var endpoint: String
    /// Set for model quality; nil for data quality.
    public var quality: Quality?
    /// Seconds between runs.
    public var every: Double
    /// The drift threshold, when not the constraints'.
    public var threshold: Double?
    /// Where each run with violations is POSTed.
    public var alert: String?
    public var createdAt: Date

    public init(endpoint: String, every: Double, threshold: Double?, alert: String?, quality: Quality? = nil, createdAt: Date = Date()) {
        self.endpoint = endpoint
        self.quality = quality
        self.every = every
        self.threshold = threshold
        self.alert = alert
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
    }

    /// `every 1h · alert http://…`, or `quality every 1d · alert http://…`.
    public var summary: String {
        (quality == nil ? "" : "quality ") + "every \(Self.text(seconds: every))" + (alert.map { " · alert \($0)" } ?? "")
    }

    /// Where the schedule of `endpoint`'s data quality (or model quality) is kept in the store at `root`.
    static func location(endpoint: String, root: String, quality: Bool) throws(StorageError) -> StorageLocation {
        try StorageLocation(root).appending("monitoring/\(endpoint)/" + (quality ? "quality/" : "") + "schedule.json")
    }

    /// The schedule of `endpoint`'s data quality (or model quality) in the store at `root`, if one is set.
    public static func read(endpoint: String, root: String, quality: Bool = false) -> MonitoringSchedule? {
        guard let location = try? location(endpoint: endpoint, root: root, quality: quality),
              let bytes = try? Storage.contentsIfPresent(of: location) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(MonitoringSchedule.self, from: Data(bytes))
    }

    /// Keeps the schedule in the store at `root` (replacing one the endpoint had).
    public func write(root: String) throws(StorageError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        let data = (try? encoder.encode(self)) ?? Data()
        try Storage.write(Array(data), to: try Self.location(endpoint: endpoint, root: root, quality: quality != nil))
    }

    /// Ends the schedules of `endpoint` in the store at `root`, if there are any.
    public static func remove(endpoint: String, root: String) throws(StorageError) {
        try Storage.remove(try location(endpoint: endpoint, root: root, quality: false))
        try Storage.remove(try location(endpoint: endpoint, root: root, quality: true))
    }

    /// Seconds for `count` of `unit` (`s`, `m`, `h`, `d`), or nil for another unit.
    public static func seconds(_ count: Double, unit: String) -> Double? {
        switch unit {
        case "s": count
        case "m": count * 60
        case "h": count * 3600
        case "d": count * 86400
        default: nil
        }
    }

    /// `90s`, `5m`, `1h`, `1d`: the largest unit that divides the seconds.
    public static func text(seconds: Double) -> String {
        for (unit, size) in [("d", 86400.0), ("h", 3600), ("m", 60)] where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return "\(formatFloat(seconds))s"
    }
}
