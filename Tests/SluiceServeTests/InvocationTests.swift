import Foundation
import SluiceData
import SluiceML
import Testing
@testable import SluiceServe

@Suite("Invocations: SageMaker's request and response formats")
struct InvocationTests {
    let model: TrainedModel
    let handler: InvocationHandler

    init() throws {
        model = try TestModels.binary()
        handler = InvocationHandler(model: model)
    }

    /// The scores `predict` gives for rows of (x, color, count), the independent path.
    private func expected(_ rows: [(Double?, String, Int64)]) throws -> [(Double, String)] {
        let table = try Table(columns: [
            Column(name: "x", values: .float(rows.map { $0.0 ?? 0 }, missing: MissingMask(missingRows: rows.indices.filter { rows[$0].0 == nil }))),
            Column(name: "color", values: .categorical(codes: rows.map { $0.1 == "red" ? 0 : 1 }, levels: ["red", "blue"])),
            Column(name: "count", values: .integer(rows.map(\.2), missing: MissingMask())),
        ])
        let predicted = try model.predict(table)
        guard case .float(let scores, _) = predicted.column(named: "score")!.values,
              case .categorical(let codes, let levels) = predicted.column(named: "predicted_label")!.values else { return [] }
        return zip(scores, codes).map { ($0, levels[Int($1)]) }
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("CSV in, CSV out: one line per row, score then label, as predict gives them")
    func csv() throws {
        let answer = try handler.respond(to: Array("1,red,3\n8,blue,6\r\n,blue,2".utf8), contentType: "text/csv", accept: nil)
        let want = try expected([(1, "red", 3), (8, "blue", 6), (nil, "blue", 2)])
        #expect(answer.format == .csv)
        #expect(answer.rowCount == 3)
        #expect(text(answer.body) == want.map { "\($0.0),\($0.1)\n" }.joined())
    }

    @Test("JSON instances as objects (any order, extra keys ignored, absent keys missing) or arrays")
    func json() throws {
        let body = #"{"instances": [{"count": 3, "color": "red", "x": 1, "id": "a"}, [8, "blue", 6], {"color": "blue", "count": 2}]}"#
        let answer = try handler.respond(to: Array(body.utf8), contentType: "application/json; charset=utf-8", accept: "application/json")
        let want = try expected([(1, "red", 3), (8, "blue", 6), (nil, "blue", 2)])
        #expect(text(answer.body) == #"{"predictions":["# + want.map { #"{"score":\#($0.0),"predicted_label":"\#($0.1)"}"# }.joined(separator: ",") + "]}")
    }

    @Test("JSON Lines in and out; blank lines skipped")
    func jsonLines() throws {
        let answer = try handler.respond(to: Array("{\"x\": 1, \"color\": \"red\", \"count\": 3}\n\n[8, \"blue\", 6]\n".utf8),
                                         contentType: "application/jsonlines", accept: "application/jsonlines")
        let want = try expected([(1, "red", 3), (8, "blue", 6)])
        #expect(text(answer.body) == want.map { #"{"score":\#($0.0),"predicted_label":"\#($0.1)"}"# + "\n" }.joined())
    }

    @Test("a malformed value is a 400 naming its row and column")
    func malformed() throws {
        #expect(throws: InvocationError(status: 400, "row 2, column `x`: \"abc\" is not a number", row: 2, column: "x")) {
            try handler.respond(to: Array("1,red,3\nabc,blue,6".utf8), contentType: "text/csv", accept: nil)
        }
        let error = #expect(throws: InvocationError.self) {
            try handler.respond(to: Array("1,red".utf8), contentType: "text/csv", accept: nil)
        }
        #expect(error?.status == 400)
        #expect(error?.message == "row 1: 2 values where the model reads 3 (x, color, count)")
        let json = #expect(throws: InvocationError.self) {
            try handler.respond(to: Array(#"{"instances": [{"x": 1}, {"x": true}]}"#.utf8), contentType: "application/json", accept: nil)
        }
        #expect(json?.row == 2)
        #expect(json?.column == "x")
        let broken = #expect(throws: InvocationError.self) {
            try handler.respond(to: Array(#"{"instances": [1,"#.utf8), contentType: "application/json", accept: nil)
        }
        #expect(broken?.status == 400)
        #expect(broken?.message.hasPrefix("the body is not valid JSON") == true)
        let empty = #expect(throws: InvocationError.self) { try handler.respond(to: [], contentType: "text/csv", accept: nil) }
        #expect(empty?.message == "the request has no rows")
    }

    @Test("a column no row gives and values training never saw are scored as SageMaker would, and said")
    func inputQuality() throws {
        // By name, `count` in no row and "green" a colour training never saw; by position every column is given.
        let named = try handler.parse(Array(#"{"instances": [{"x": 1, "color": "green"}, {"x": 2, "color": "red"}, {"color": "teal"}]}"#.utf8),
                                      contentType: "application/json", accept: nil)
        #expect(named.quality == InputQuality(missingColumns: ["count"], unseenValues: ["color": 2]))
        #expect(named.quality.warning == "columns missing from every row: count; 2 values not seen in training: color (2)")
        let positional = try handler.parse(Array("1,red,3\n2,blue,4".utf8), contentType: "text/csv", accept: nil)
        #expect(positional.quality == InputQuality() && positional.quality.warning == nil)
        // The answer is still given: the missing column's values are missing, the new colour no level.
        let answered = try handler.respond(to: Array(#"{"x": 1, "color": "green"}"#.utf8), contentType: "application/jsonlines", accept: nil)
        #expect(answered.rowCount == 1)
        let metrics = EndpointMetrics(endpoint: "e")
        metrics.record(named.quality)
        metrics.record(named.quality)
        let text = metrics.exposition(model: "m", version: 1, algorithm: "xgboost", capture: nil)
        #expect(text.contains("sluice_missing_column_requests_total{endpoint=\"e\",column=\"count\"} 2"))
        #expect(text.contains("sluice_unseen_category_values_total{endpoint=\"e\",column=\"color\"} 4"))
    }

    @Test("SageMaker's built-in containers' answers: XGBoost's probability alone, the Linear Learner's label as its index")
    func sagemakerAnswers() throws {
        let rows = Array("1,red,3\n2,blue,4".utf8)
        let expected = try expected([(1, "red", 3), (2, "blue", 4)])
        let csv = try handler.respond(to: rows, contentType: "text/csv", accept: "text/csv", style: .sagemaker)
        #expect(text(csv.body) == expected.map { "\($0.0)\n" }.joined())
        let multiclass = InvocationHandler(model: try TestModels.multiclass())
        let probabilities = try multiclass.respond(to: Array("2\n8".utf8), contentType: "text/csv", accept: "text/csv", style: .sagemaker)
        #expect(text(probabilities.body).split(separator: "\n").allSatisfy { $0.split(separator: ",").count == 3 })
        var linear = LinearParameters()
        linear.maxIterations = 50
        let learner = InvocationHandler(model: try Training.linearLearner(on: try TestModels.table(), target: "y",
                                                                          recipe: Recipe().adding(.impute(.median, columns: ["x"])),
                                                                          parameters: linear, sluiceVersion: "test"))
        let json = try learner.respond(to: rows, contentType: "text/csv", accept: "application/json", style: .sagemaker)
        let predictions = try #require((try JSONSerialization.jsonObject(with: Data(json.body)) as? [String: Any])?["predictions"] as? [[String: Any]])
        let rich = try learner.respond(to: rows, contentType: "text/csv", accept: "application/json")
        let richPredictions = try #require((try JSONSerialization.jsonObject(with: Data(rich.body)) as? [String: Any])?["predictions"] as? [[String: Any]])
        for (plain, full) in zip(predictions, richPredictions) {
            #expect(Set(plain.keys) == ["score", "predicted_label"] && plain["score"] as? Double == full["score"] as? Double)
            #expect(plain["predicted_label"] as? Int == (full["predicted_label"] as? String == "yes" ? 1 : 0))
        }
    }

    @Test("415 for an unknown content type, 406 for an unacceptable Accept, 413 over 6 MiB")
    func statuses() throws {
        #expect((#expect(throws: InvocationError.self) {
            try handler.respond(to: Array("1,red,3".utf8), contentType: "text/plain", accept: nil)
        })?.status == 415)
        #expect((#expect(throws: InvocationError.self) {
            try handler.respond(to: Array("1,red,3".utf8), contentType: "text/csv", accept: "image/png")
        })?.status == 406)
        let large = [UInt8](repeating: UInt8(ascii: "1"), count: InvocationHandler.maximumBodySize + 1)
        #expect((#expect(throws: InvocationError.self) {
            try handler.respond(to: large, contentType: "text/csv", accept: nil)
        })?.status == 413)
    }

    @Test("the error body is JSON with the message, row and column")
    func errorBody() throws {
        let error = InvocationError(status: 400, "row 2, column `x`: bad", row: 2, column: "x")
        let object = try JSONSerialization.jsonObject(with: Data(error.jsonBody)) as! [String: Any]
        #expect(object["error"] as? String == "row 2, column `x`: bad")
        #expect(object["row"] as? Int == 2)
        #expect(object["column"] as? String == "x")
    }

    @Test("Accept negotiation: quality values, wildcards, CSV by default")
    func accept() {
        #expect(PayloadFormat.forAccept(nil) == .csv)
        #expect(PayloadFormat.forAccept("*/*") == .csv)
        #expect(PayloadFormat.forAccept("application/json") == .json)
        #expect(PayloadFormat.forAccept("text/csv;q=0.5, application/jsonlines") == .jsonLines)
        #expect(PayloadFormat.forAccept("application/*") == .json)
        #expect(PayloadFormat.forAccept("image/png, text/html") == nil)
        #expect(PayloadFormat.forAccept("application/json;q=0") == nil)
        #expect(PayloadFormat.ofContentType(nil) == .csv)
        #expect(PayloadFormat.ofContentType("Text/CSV; charset=utf-8") == .csv)
        #expect(PayloadFormat.ofContentType("application/x-jsonlines") == .jsonLines)
        #expect(PayloadFormat.ofContentType("application/xml") == nil)
    }

    @Test("CSV records: quotes, doubled quotes, commas and line breaks inside quotes, empty fields")
    func csvRecords() {
        var records: [[String?]] = []
        CSVRecords.forEach(in: Array("a,\"b,c\",\"say \"\"hi\"\"\"\n,\"\",\"x\ny\"\n\n".utf8)) { records.append($0) }
        #expect(records == [["a", "b,c", "say \"hi\""], [nil, "", "x\ny"]])
    }

    @Test("multiclass answers carry the label and every class's probability; k-means the cluster and distance")
    func shapes() throws {
        let multiclass = try TestModels.multiclass()
        let answer = try InvocationHandler(model: multiclass).respond(to: Array("2\n8".utf8), contentType: "text/csv", accept: "application/jsonlines")
        let predicted = try multiclass.predict(try Table(columns: [Column(name: "x", values: .float([2, 8], missing: MissingMask()))]))
        let lines = text(answer.body).split(separator: "\n")
        #expect(lines.count == 2)
        for (row, line) in lines.enumerated() {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["predicted_label"] as? String == predicted.column(named: "predicted_label")!.formattedValue(at: row))
            #expect((object["probabilities"] as! [String: Any]).keys.sorted() == ["a", "b", "c"])
            // The numbers as written, read exactly (JSONSerialization may round the last digit).
            let probabilities = try JSONDecoder().decode([String: [String: Double]].self, from: Data(line.utf8).filteredToProbabilities())
            for name in ["a", "b", "c"] {
                guard case .float(let values, _) = predicted.column(named: "probability_\(name)")!.values else {
                    Issue.record("probability_\(name) is not a float column")
                    return
                }
                #expect(probabilities["probabilities"]?[name] == values[row])
            }
        }
        let clusters = try TestModels.clusters()
        let csv = try InvocationHandler(model: clusters).respond(to: Array("0,0\n10,5".utf8), contentType: "text/csv", accept: "text/csv")
        let assigned = try clusters.predict(try Table(columns: [
            Column(name: "a", values: .float([0, 10], missing: MissingMask())), Column(name: "b", values: .float([0, 5], missing: MissingMask())),
        ]))
        guard case .integer(let ids, _) = assigned.column(named: "closest_cluster")!.values,
              case .float(let distances, _) = assigned.column(named: "distance_to_cluster")!.values else {
            Issue.record("closest_cluster or distance_to_cluster has the wrong kind")
            return
        }
        #expect(text(csv.body) == "\(ids[0]),\(distances[0])\n\(ids[1]),\(distances[1])\n")
    }
}

private extension Data {
    /// `{"probabilities": {…}}` cut from a prediction line, for exact decoding of just that object.
    func filteredToProbabilities() -> Data {
        let text = String(decoding: self, as: UTF8.self)
        let start = text.range(of: "\"probabilities\":")!.lowerBound
        return Data(("{" + text[start...]).utf8)
    }
}

@Suite("Invocations scored together")
struct BatchedInvocationTests {
    @Test("a batch of requests gets exactly the answers each would get alone, whatever their formats")
    func batchEqualsAlone() throws {
        let handler = InvocationHandler(model: try TestModels.binary())
        let requests: [(String, String, String?)] = [
            ("1,red,3\n8,blue,6", "text/csv", nil),
            (#"{"instances": [{"x": 2, "color": "blue", "count": 1}]}"#, "application/json", "application/json"),
            ("{\"color\": \"red\", \"count\": 9}\n[5, \"red\", 2]", "application/jsonlines", "application/jsonlines"),
        ]
        let parsed = try requests.map { try handler.parse(Array($0.0.utf8), contentType: $0.1, accept: $0.2) }
        let together = handler.score(parsed)
        for (index, request) in requests.enumerated() {
            let alone = try handler.respond(to: Array(request.0.utf8), contentType: request.1, accept: request.2)
            let batched = try together[index].get()
            #expect(batched.body == alone.body)
            #expect(batched.format == alone.format)
            #expect(batched.rowCount == alone.rowCount)
        }
    }

    @Test("multiclass and k-means answers batch exactly too")
    func otherTasks() throws {
        for (model, bodies) in [(try TestModels.multiclass(), ["2\n8", "5", "1\n9\n4"]), (try TestModels.clusters(), ["0,0", "10,5\n0.1,0.2"])] {
            let handler = InvocationHandler(model: model)
            let parsed = try bodies.map { try handler.parse(Array($0.utf8), contentType: "text/csv", accept: "application/jsonlines") }
            for (result, body) in zip(handler.score(parsed), bodies) {
                #expect(try result.get().body == handler.respond(to: Array(body.utf8), contentType: "text/csv", accept: "application/jsonlines").body)
            }
        }
    }
}
