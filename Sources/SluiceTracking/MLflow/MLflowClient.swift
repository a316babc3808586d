import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SluiceStorage

/// The calls of MLflow's tracking REST API (`/api/2.0/mlflow/…`) and its artifact proxy
/// (`/api/2.0/mlflow-artifacts/…`) that Sluice makes, sent through AsyncHTTPClient and waited for.
/// A server that is down is found at once (a refused connection) or within the connect timeout.
public struct MLflowClient: Sendable {
    /// The tracking server: `http://host:port`, without a trailing `/`.
    public let uri: String

    public init(uri: String) {
        self.uri = uri.hasSuffix("/") ? String(uri.dropLast()) : uri
    }

    /// Why a call failed: the server did not answer, or answered with an error.
    public struct Failure: Error, CustomStringConvertible {
        /// MLflow's `error_code` (`RESOURCE_DOES_NOT_EXIST`, …) when it sent one.
        public var code: String?
        public var description: String
    }

    /// The id of the experiment `name`, created when missing.
    public func experimentID(named name: String) throws(Failure) -> String {
        if let id = try existingExperiment(named: name) { return id }
        do {
            let created = try call("POST", "mlflow/experiments/create", ["name": name])
            if let id = created["experiment_id"] as? String { return id }
        } catch where error.code == "RESOURCE_ALREADY_EXISTS" {
            // Another writer created it in the meantime.
        }
        guard let id = try existingExperiment(named: name) else {
            throw Failure(code: nil, description: "the experiment \"\(name)\" was neither found nor created")
        }
        return id
    }

    private func existingExperiment(named name: String) throws(Failure) -> String? {
        do {
            let found = try call("GET", "mlflow/experiments/get-by-name?experiment_name=" + Self.queryEscaped(name), nil)
            return (found["experiment"] as? [String: Any])?["experiment_id"] as? String
        } catch where error.code == "RESOURCE_DOES_NOT_EXIST" {
            return nil
        }
    }

    /// Creates a run; returns its id and the URI of its artifacts.
    public func createRun(experimentID: String, name: String, startTime: Date, tags: [String: String]) throws(Failure)
        -> (id: String, artifactURI: String) {
        let answer = try call("POST", "mlflow/runs/create", [
            "experiment_id": experimentID, "run_name": name, "start_time": Self.milliseconds(startTime),
            "tags": tags.sorted { $0.key < $1.key }.map { ["key": $0.key, "value": $0.value] },
        ])
        guard let info = (answer["run"] as? [String: Any])?["info"] as? [String: Any], let id = info["run_id"] as? String else {
            throw Failure(code: nil, description: "MLflow's answer to runs/create has no run id")
        }
        return (id, info["artifact_uri"] as? String ?? "")
    }

    /// A metric's value at a step.
    public struct Metric: Sendable {
        public var key: String
        public var value: Double
        public var step: Int
        public var timestamp: Date

        public init(key: String, value: Double, step: Int, timestamp: Date) {
            self.key = key
            self.value = value
            self.step = step
            self.timestamp = timestamp
        }
    }

    /// Logs parameters, metrics and tags, in as many `runs/log-batch` calls as MLflow's limits need (at most
    /// 100 parameters, 100 tags and 1,000 items in all per call).
    public func logBatch(runID: String, parameters: [String: String], metrics: [Metric], tags: [String: String]) throws(Failure) {
        var params = parameters.sorted { $0.key < $1.key }[...]
        var tagList = tags.sorted { $0.key < $1.key }[...]
        var metricList = metrics[...]
        while !params.isEmpty || !tagList.isEmpty || !metricList.isEmpty {
            let p = params.prefix(100), t = tagList.prefix(100), m = metricList.prefix(1000 - p.count - t.count)
            params = params.dropFirst(p.count)
            tagList = tagList.dropFirst(t.count)
            metricList = metricList.dropFirst(m.count)
            _ = try call("POST", "mlflow/runs/log-batch", [
                "run_id": runID,
                "params": p.map { ["key": $0.key, "value": $0.value] },
                "tags": t.map { ["key": $0.key, "value": $0.value] },
                "metrics": m.map { ["key": $0.key, "value": $0.value, "step": $0.step, "timestamp": Self.milliseconds($0.timestamp)] },
            ])
        }
    }

    /// Sets one tag of a run.
    public func setTag(runID: String, key: String, value: String) throws(Failure) {
        _ = try call("POST", "mlflow/runs/set-tag", ["run_id": runID, "key": key, "value": value])
    }

    /// Marks a run finished at `endTime`.
    public func finishRun(runID: String, endTime: Date) throws(Failure) {
        _ = try call("POST", "mlflow/runs/update", ["run_id": runID, "status": "FINISHED", "end_time": Self.milliseconds(endTime)])
    }

    /// Uploads `bytes` as the artifact `path` of a run whose artifacts the server keeps itself
    /// (`mlflow-artifacts:/…`, the default of `mlflow server`).
    public func uploadArtifact(artifactURI: String, path: String, bytes: [UInt8]) throws(Failure) {
        guard artifactURI.hasPrefix("mlflow-artifacts:") else {
            throw Failure(code: nil, description: "the server keeps this run's artifacts at \(artifactURI), which Sluice cannot write to; "
                          + "start it with --serve-artifacts (the default)")
        }
        var location = String(artifactURI.dropFirst("mlflow-artifacts:".count))
        while location.hasPrefix("/") { location.removeFirst() }
        let escaped = (location + "/" + path).split(separator: "/").map { Self.queryEscaped(String($0)) }.joined(separator: "/")
        _ = try send("PUT", "mlflow-artifacts/artifacts/" + escaped, body: bytes, contentType: "application/octet-stream")
    }

    /// Sends a call with a JSON body (or none) and reads its JSON answer.
    private func call(_ method: String, _ path: String, _ body: [String: Any]?) throws(Failure) -> [String: Any] {
        var bytes: [UInt8] = []
        if let body {
            do {
                bytes = Array(try JSONSerialization.data(withJSONObject: body))
            } catch {
                throw Failure(code: nil, description: "cannot encode the request: \(error)")
            }
        }
        let answer = try send(method, path, body: bytes, contentType: "application/json")
        return (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any] ?? [:]
    }

    private func send(_ method: String, _ path: String, body: [UInt8], contentType: String) throws(Failure) -> [UInt8] {
        let url = uri + "/api/2.0/" + path
        let outcome: (status: Int, body: [UInt8])
        do {
            outcome = try blocking(location: url) { [body] in
                var request = HTTPClientRequest(url: url)
                request.method = HTTPMethod(rawValue: method)
                if !body.isEmpty || method != "GET" {
                    request.headers.add(name: "Content-Type", value: contentType)
                    request.body = .bytes(ByteBuffer(bytes: body))
                }
                let response = try await Self.http.execute(request, timeout: .seconds(30))
                let answer = try await response.body.collect(upTo: 16 << 20)
                return (Int(response.status.code), Array(answer.readableBytesView))
            }
        } catch {
            throw Failure(code: nil, description: "\(uri) did not answer: \(Self.describe(error))")
        }
        guard (200..<300).contains(outcome.status) else {
            let object = (try? JSONSerialization.jsonObject(with: Data(outcome.body))) as? [String: Any]
            let message = object?["message"] as? String ?? String(decoding: outcome.body.prefix(300), as: UTF8.self)
            throw Failure(code: object?["error_code"] as? String, description: "\(method) \(url) answered \(outcome.status): \(message)")
        }
        return outcome.body
    }

    private static func describe(_ error: any Error) -> String {
        if let client = error as? HTTPClientError { return "\(client)" }
        if let channel = error as? ChannelError { return "\(channel)" }
        return "\(error)"
    }

    private static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    private static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// One HTTP client for the process (never shut down): a server that is down fails the connection at once,
    /// one that does not answer within 3 s fails it then.
    private static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(3), read: .seconds(30)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
