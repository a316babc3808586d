import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// A standing order to monitor an endpoint: `monitor "name" against MODEL every 1h [alert "URL"]`. Kept in the
/// store beside the endpoint's reports (`monitoring/NAME/schedule.json`), where the endpoint's own process
/// finds it and runs the checks on what it captured since the last run; it outlives the session that set it,
/// and `undeploy` ends it.
public struct MonitoringSchedule: Codable, Sendable, Equatable {
    public var endpoint: String
    /// Seconds between runs.
    public var every: Double
    /// The drift threshold, when not the constraints'.
    public var threshold: Double?
    /// Where each run with violations is POSTed.
    public var alert: String?
    public var createdAt: Date

    public init(endpoint: String, every: Double, threshold: Double?, alert: String?, createdAt: Date = Date()) {
        self.endpoint = endpoint
        self.every = every
        self.threshold = threshold
        self.alert = alert
        self.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970.rounded(.down))
    }

    /// `every 1h · alert http://…`.
    public var summary: String {
        "every \(Self.text(seconds: every))" + (alert.map { " · alert \($0)" } ?? "")
    }

    /// Where the schedule of `endpoint` is kept in the store at `root`.
    static func location(endpoint: String, root: String) throws(StorageError) -> StorageLocation {
        try StorageLocation(root).appending("monitoring/\(endpoint)/schedule.json")
    }

    /// The schedule of `endpoint` in the store at `root`, if one is set.
    public static func read(endpoint: String, root: String) -> MonitoringSchedule? {
        guard let location = try? location(endpoint: endpoint, root: root),
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
        try Storage.write(Array(data), to: try Self.location(endpoint: endpoint, root: root))
    }

    /// Ends the schedule of `endpoint` in the store at `root`, if there is one.
    public static func remove(endpoint: String, root: String) throws(StorageError) {
        try Storage.remove(try location(endpoint: endpoint, root: root))
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
