import Foundation
import SluiceData

/// Calls a deployed endpoint with a table's rows and reads its predictions back into a table.
public enum EndpointClient {
    /// Requests are cut to at most this many bytes, under the endpoint's 6 MiB limit.
    static let requestBytes = 4 << 20

    /// The endpoint's predictions for every row of `table`, in order: the columns `predict` adds
    /// (`score`, `predicted_label`, `probability_<class>`, `closest_cluster`, `distance_to_cluster`).
    /// Rows go as JSON Lines keyed by column name, so column order does not matter and columns the
    /// model does not read are ignored. `token` is sent as `Authorization: Bearer`. What the endpoint warned of
    /// (columns it never got, values training never saw) goes to `warn`, each warning once. With `ids` (one a row),
    /// each run of rows with one id goes in requests of its own sent with that id as SageMaker's inference id.
    public static func invoke(_ record: EndpointRecord, table: Table, ids: [String]? = nil, token: String? = nil, warn: (String) -> Void = { _ in },
                              shouldStop: () -> Bool = { false }) throws(DeploymentError) -> Table {
        guard table.rowCount > 0 else { throw .endpoint("there are no rows to send") }
        var headers = ["Content-Type": PayloadFormat.jsonLines.rawValue, "Accept": PayloadFormat.jsonLines.rawValue,
                       EndpointServer.answersHeader: AnswerStyle.sluice.rawValue]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        let keys = JSONLinesRows.keys(of: table)
        var predictions = PredictionTableBuilder()
        var warnings: [String] = []
        var row = 0
        while row < table.rowCount {
            if shouldStop() { throw .endpoint("interrupted after \(row) of \(table.rowCount) rows") }
            let first = row
            var body: [UInt8] = []
            var headers = headers
            if let ids { headers[EndpointServer.inferenceIdHeader] = ids[first] }
            while row < table.rowCount, body.count < requestBytes, ids == nil || ids![row] == ids![first] {
                JSONLinesRows.appendObject(row: row, of: table, keys: keys, to: &body)
                body.append(UInt8(ascii: "\n"))
                row += 1
            }
            let answer: LoopbackHTTPClient.Response
            do {
                answer = try LoopbackHTTPClient.send("POST", host: record.host, port: record.port, path: "/invocations",
                                                     headers: headers, body: body)
            } catch {
                throw .endpoint("cannot reach the endpoint \"\(record.name)\" at \(record.url): \(error)")
            }
            guard answer.status == 200 else { throw failure(answer, record: record, firstRow: first) }
            try predictions.append(jsonLines: answer.body, endpoint: record.name)
            if let warning = answer.headers[EndpointServer.warningHeader.lowercased()], !warnings.contains(warning) { warnings.append(warning) }
        }
        warnings.forEach(warn)
        return try predictions.table(endpoint: record.name)
    }

    /// The endpoint's error, its row numbers counted from the table's first row.
    private static func failure(_ answer: LoopbackHTTPClient.Response, record: EndpointRecord, firstRow: Int) -> DeploymentError {
        var message = String(decoding: answer.body, as: UTF8.self)
        if let object = try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any], let error = object["error"] as? String {
            message = error
            if let row = object["row"] as? Int, firstRow > 0 {
                message = message.replacingOccurrences(of: "row \(row)", with: "row \(row + firstRow)")
            }
        }
        return .endpoint("the endpoint \"\(record.name)\" answered \(answer.status): \(message)")
    }
}

/// Builds the predictions table from an endpoint's JSON Lines answers.
private struct PredictionTableBuilder {
    private var scores: [Double] = []
    private var labels: [String?] = []
    private var probabilities: [(name: String, values: [Double])] = []
    private var clusters: [Int64] = []
    private var distances: [Double] = []
    private var rows = 0
    private var hasScore = false
    private var hasLabel = false

    /// One answered row, its numbers read exactly.
    private struct Line: Decodable {
        var score: Double?
        var predicted_label: String?
        var probabilities: [String: Double?]?
        var closest_cluster: Int64?
        var distance_to_cluster: Double?
    }

    mutating func append(jsonLines body: [UInt8], endpoint: String) throws(DeploymentError) {
        let decoder = JSONDecoder()
        for line in body.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            guard let answer = try? decoder.decode(Line.self, from: Data(line)) else {
                throw .endpoint("the endpoint \"\(endpoint)\" answered with a line that is not a prediction object")
            }
            scores.append(answer.score ?? .nan)
            labels.append(answer.predicted_label)
            if let byClass = answer.probabilities {
                if probabilities.isEmpty { probabilities = Self.classOrder(byClass.keys).map { ($0, []) } }
                for index in probabilities.indices {
                    probabilities[index].values.append((byClass[probabilities[index].name] ?? nil) ?? .nan)
                }
            }
            if let cluster = answer.closest_cluster { clusters.append(cluster) }
            if let distance = answer.distance_to_cluster { distances.append(distance) }
            hasScore = hasScore || answer.score != nil
            hasLabel = hasLabel || answer.predicted_label != nil
            rows += 1
        }
    }

    /// Classes in the order models keep them: by value when every class is a number, else by text.
    private static func classOrder(_ names: some Collection<String>) -> [String] {
        let numbers = names.compactMap { name in Double(name).map { (name, $0) } }
        return numbers.count == names.count ? numbers.sorted { $0.1 < $1.1 }.map(\.0) : names.sorted()
    }

    func table(endpoint: String) throws(DeploymentError) -> Table {
        let none = MissingMask()
        var columns: [Column] = []
        if clusters.count == rows, rows > 0 {
            columns.append(Column(name: "closest_cluster", values: .integer(clusters, missing: none)))
        }
        if distances.count == rows, rows > 0 {
            columns.append(Column(name: "distance_to_cluster", values: .float(distances, missing: none)))
        }
        if hasScore { columns.append(Column(name: "score", values: .float(scores, missing: none))) }
        if hasLabel {
            var levels: [String] = []
            var codes: [String: Int32] = [:]
            let coded = labels.map { label -> Int32 in
                guard let label else { return -1 }
                if let code = codes[label] { return code }
                codes[label] = Int32(levels.count)
                levels.append(label)
                return Int32(levels.count - 1)
            }
            columns.append(Column(name: "predicted_label", values: .categorical(codes: coded, levels: levels)))
        }
        for (name, values) in probabilities where values.count == rows {
            columns.append(Column(name: "probability_\(name)", values: .float(values, missing: none)))
        }
        guard !columns.isEmpty else { throw .endpoint("the endpoint \"\(endpoint)\" answered with no predictions") }
        do {
            return try Table(columns: columns)
        } catch {
            throw .endpoint("the endpoint \"\(endpoint)\" answered with predictions of different lengths")
        }
    }
}
