import Foundation
import SluiceData
import SluiceML
import SluiceStorage

/// The endpoints deployed from a model store, recorded on this machine (under `endpoints/` in the
/// store's ``ModelStore/localFolder(environment:)``: the store itself when it is local): starting them
/// as `sluice serve` processes, replacing their models, listing and stopping them.
public struct EndpointRegistry: Sendable {
    /// The model store the endpoints serve from.
    public let store: ModelStore
    /// Where the records, logs and locks are.
    private let folder: String

    public init(store: ModelStore) {
        self.store = store
        folder = store.localFolder() + "/endpoints"
    }

    private func recordPath(_ name: String) -> String { folder + "/\(name).json" }

    /// The endpoint's log: what its process printed.
    public func logPath(_ name: String) -> String { folder + "/\(name).log" }

    /// The record of the endpoint `name`, if one is deployed.
    public func record(named name: String) -> EndpointRecord? {
        guard let data = FileManager.default.contents(atPath: recordPath(name)) else { return nil }
        return try? Self.decoder.decode(EndpointRecord.self, from: data)
    }

    /// Every recorded endpoint, by name.
    public func records() -> [EndpointRecord] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
            .compactMap { record(named: String($0.dropLast(5))) }
    }

    /// Whether the endpoint's process runs and answers `/ping`.
    public func health(of record: EndpointRecord) -> EndpointHealth {
        status(of: record).health
    }

    /// The endpoint's health, and the model version it says it serves (which a reload by hand, SIGHUP,
    /// may have moved past the record's).
    public func status(of record: EndpointRecord) -> (health: EndpointHealth, servedVersion: Int?) {
        guard ServeProcess.isServing(record.pid) else { return (.stopped, nil) }
        guard let answer = try? LoopbackHTTPClient.send("GET", host: record.host, port: record.port, path: "/ping", timeout: 2),
              answer.status == 200 else { return (.notResponding, nil) }
        let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return (.healthy, object?["version"] as? Int)
    }

    /// Waits (up to `timeout` seconds) until a running endpoint has written every capture record it
    /// has queued, so what it answered so far is on disk; returns at once when it is not running.
    public func awaitCapture(of record: EndpointRecord, token: String?, timeout: Double = 10) {
        guard ServeProcess.isServing(record.pid) else { return }
        let deadline = Date().addingTimeInterval(timeout)
        var headers: [String: String] = [:]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        while Date() < deadline {
            guard let answer = try? LoopbackHTTPClient.send("GET", host: record.host, port: record.port, path: "/metrics",
                                                          headers: headers, timeout: 2), answer.status == 200 else { return }
            let pending = String(decoding: answer.body, as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix("sluice_capture_pending") }.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) }
            guard let pending, pending > 0 else { return }
            usleep(20_000)
        }
    }

    /// Deploys `model` as the endpoint `name`: stores it as a version of the model `name` (unless the
    /// latest version is this model), then starts a `sluice serve` process for it, or, when the endpoint
    /// runs on the same port with the same capture, has it load the new version while it keeps
    /// answering (another port or capture share restarts it).
    ///
    /// - Parameter port: nil keeps a recorded endpoint's port, or takes a free one for a new endpoint.
    /// - Returns: the new record, and whether a running endpoint's model was replaced.
    public func deploy(_ model: TrainedModel, as name: String, port: Int?, capturePercent: Double = 100, answers: AnswerStyle = .sluice,
                       executable: String? = nil) throws(DeploymentError) -> (record: EndpointRecord, replaced: Bool) {
        try Self.check(name)
        let lock = try EndpointLock(folder: folder, name: name)
        defer { lock.release() }
        let version = try storeVersion(of: model, as: name)
        return try serve(model: name, version: version, pinned: false, as: name, port: port, capturePercent: capturePercent,
                         answers: answers, executable: executable)
    }

    /// Deploys version `version` of the stored model `model` as the endpoint `name`, which keeps serving that
    /// version whatever is saved after it. A running endpoint is restarted unless it serves it already.
    public func deploy(stored model: String, version: Int, as name: String, port: Int?, capturePercent: Double = 100,
                       answers: AnswerStyle = .sluice, executable: String? = nil) throws(DeploymentError) -> (record: EndpointRecord, replaced: Bool) {
        try Self.check(name)
        let lock = try EndpointLock(folder: folder, name: name)
        defer { lock.release() }
        return try serve(model: model, version: version, pinned: true, as: name, port: port, capturePercent: capturePercent,
                         answers: answers, executable: executable)
    }

    /// Serves `model` v`version` as `name`: a running endpoint that follows the latest version of the same
    /// model on the same port and capture share loads it while it keeps answering; any other is restarted.
    private func serve(model: String, version: Int, pinned: Bool, as name: String, port: Int?, capturePercent: Double,
                       answers: AnswerStyle, executable: String?) throws(DeploymentError) -> (record: EndpointRecord, replaced: Bool) {
        // A recorded endpoint keeps its port when none is given, running or not (its clients know it).
        let recorded = record(named: name)
        let port = port ?? recorded?.port
        if let running = recorded, ServeProcess.isServing(running.pid) {
            let same = running.model == model && port == running.port && running.capturePercent == capturePercent
                && (running.answers ?? .sluice) == answers
            if pinned, same, running.pinned == true, running.version == version {
                return (running, true)
            }
            if !pinned, same, running.pinned != true {
                kill(running.pid, SIGHUP)
                try waitForVersion(version, of: running)
                var updated = running
                updated.version = version
                updated.deployedAt = Date()
                try write(updated)
                return (updated, true)
            }
            ServeProcess.stop(running.pid)
        }
        let started = try start(name: name, model: model, version: version, pinned: pinned, port: port ?? 0,
                                capturePercent: capturePercent, answers: answers, executable: executable ?? EndpointLaunch.executable())
        try write(started)
        return (started, false)
    }

    /// Stops the endpoint `name` (it finishes the requests in flight) and forgets it.
    @discardableResult
    public func undeploy(_ name: String) throws(DeploymentError) -> EndpointRecord {
        try Self.check(name)
        let lock = try EndpointLock(folder: folder, name: name)
        defer { lock.release() }
        guard let record = record(named: name) else {
            throw .noSuchEndpoint(name, running: records().map(\.name))
        }
        ServeProcess.stop(record.pid)
        unlink(recordPath(name))
        // Its monitoring schedule ends with it (its reports stay).
        try? MonitoringSchedule.remove(endpoint: name, root: store.root)
        return record
    }

    private func storeVersion(of model: TrainedModel, as name: String) throws(DeploymentError) -> Int {
        // The same learned model is the same version, whatever was measured of it since and whichever run trained it.
        if let latest = try? store.load(name) {
            var stored = latest.bundle.model
            stored.heldOut = model.heldOut
            stored.runID = model.runID
            if stored == model { return latest.version }
        }
        do {
            return try store.saveWithBaseline(model, as: name)
        } catch {
            throw .store(error.description)
        }
    }

    private func start(name: String, model: String, version: Int, pinned: Bool, port: Int, capturePercent: Double,
                       answers: AnswerStyle, executable: String) throws(DeploymentError) -> EndpointRecord {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .store("cannot create \(folder): \(error.localizedDescription)")
        }
        // Each start has a ready file of its own, so two starts never read each other's.
        let ready = folder + "/.\(name).\(UUID().uuidString.prefix(8)).ready"
        defer { unlink(ready) }
        let log = logPath(name)
        let logStart = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
        let pid = try ServeProcess.start(executable: executable, arguments: EndpointLaunch.arguments(
            model: model, version: pinned ? version : nil, store: store.root, name: name, port: port, capturePercent: capturePercent,
            answers: answers, readyFile: ready), log: log)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: ready),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let bound = object["port"] as? Int {
                unlink(ready)
                let record = EndpointRecord(name: name, host: "127.0.0.1", port: bound, pid: pid, model: model, version: version,
                                            pinned: pinned, capturePercent: capturePercent, answers: answers == .sluice ? nil : answers,
                                            deployedAt: Date())
                guard health(of: record) == .healthy else {
                    ServeProcess.stop(record.pid)
                    throw .notReady("the endpoint \"\(name)\" started but /ping did not answer")
                }
                return record
            }
            if ServeProcess.hasExited(pid) {
                let printed = logTail(log, from: logStart)
                if printed.contains("Address already in use") {
                    let holder = records().first { $0.port == port && $0.name != name && ServeProcess.isServing($0.pid) }
                    throw .cannotStart("port \(port) is already in use" + (holder.map { " by the endpoint \"\($0.name)\"" } ?? ""))
                }
                throw .cannotStart("the endpoint \"\(name)\" did not start: \(printed)")
            }
            usleep(20_000)
        }
        ServeProcess.stop(pid)
        throw .notReady("the endpoint \"\(name)\" was not listening after 60 s (see \(log))")
    }

    /// Waits until the endpoint answers `/ping` with `version`.
    private func waitForVersion(_ version: Int, of record: EndpointRecord) throws(DeploymentError) {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if let answer = try? LoopbackHTTPClient.send("GET", host: record.host, port: record.port, path: "/ping", timeout: 2),
               answer.status == 200,
               let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any],
               object["version"] as? Int == version {
                return
            }
            usleep(20_000)
        }
        throw .notReady("the endpoint \"\(record.name)\" did not load v\(version) within 30 s (see \(logPath(record.name)))")
    }

    private func logTail(_ path: String, from offset: Int) -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count > offset else { return "it printed nothing" }
        let text = String(decoding: data[offset...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(separator: "\n").suffix(3)
        return lines.joined(separator: " / ")
    }

    private func write(_ record: EndpointRecord) throws(DeploymentError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        do {
            try AtomicFile.write(try encoder.encode(record), to: recordPath(record.name))
        } catch {
            throw .store("cannot record the endpoint \"\(record.name)\": \(error)")
        }
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    static func check(_ name: String) throws(DeploymentError) {
        guard ModelStore.isValidName(name) else { throw .invalidName(name) }
    }
}
