import Foundation
import SluiceStorage

/// Where a model version stands in the registry.
public enum RegistryStatus: String, Sendable, Codable, CaseIterable {
    /// Not judged yet: every version starts so.
    case pending
    case approved
    case rejected
}

/// A version's registry record: its status, who set it and when, and the statuses it had before.
public struct RegistryRecord: Sendable, Codable, Equatable {
    public var status: RegistryStatus
    public var changedAt: Date
    public var changedBy: String
    /// The earlier changes, oldest first.
    public var history: [Change]

    /// One change of status.
    public struct Change: Sendable, Codable, Equatable {
        public var status: RegistryStatus
        public var changedAt: Date
        public var changedBy: String
    }

    private enum CodingKeys: String, CodingKey {
        case status, changedAt = "changed_at", changedBy = "changed_by", history
    }
}

/// The registry: each version's status, kept beside it as `vN.registry.json` (written whole, at once).
extension ModelStore {
    /// The registry record of a version; nil when its status was never set (it is pending).
    public func registryRecord(of name: String, version: Int) throws(StoreError) -> RegistryRecord? {
        guard let (data, location) = try sideFile("registry.json", of: name, version: version) else { return nil }
        do {
            return try Self.registryDecoder.decode(RegistryRecord.self, from: data)
        } catch {
            throw .unreadable(location, "not a registry record: \(error)")
        }
    }

    /// A version's status: pending until approved or rejected.
    public func status(of name: String, version: Int) throws(StoreError) -> RegistryStatus {
        try registryRecord(of: name, version: version)?.status ?? .pending
    }

    /// Sets a version's status, keeping the earlier ones in its history; returns the record written.
    @discardableResult
    public func setStatus(_ status: RegistryStatus, of name: String, version: Int, by user: String) throws(StoreError) -> RegistryRecord {
        let saved = try versions(of: name)
        guard !saved.isEmpty else { throw .notFound(name, available: (try? names()) ?? []) }
        guard saved.contains(version) else { throw .noSuchVersion(name, version, available: saved) }
        var record = RegistryRecord(status: status, changedAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)),
                                    changedBy: user, history: [])
        if let earlier = try registryRecord(of: name, version: version) {
            record.history = earlier.history + [.init(status: earlier.status, changedAt: earlier.changedAt, changedBy: earlier.changedBy)]
        }
        let file = try location("models/\(name)/v\(version).registry.json")
        do {
            try Storage.write(Array(try Self.registryEncoder.encode(record)), to: file)
        } catch let error as StorageError {
            throw .cannotWrite(file.description, error.message)
        } catch {
            throw .cannotWrite(file.description, "\(error)")
        }
        return record
    }

    /// The latest approved version of `name`, if any.
    public func latestApproved(_ name: String) throws(StoreError) -> Int? {
        for version in try versions(of: name).reversed() where try status(of: name, version: version) == .approved {
            return version
        }
        return nil
    }

    private static var registryEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    private static var registryDecoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
