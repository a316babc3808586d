import Foundation
import SluiceStorage
import Testing
@testable import SluiceServe

@Suite("Data capture and metrics")
struct CaptureAndMetricsTests {
    @Test("records are SageMaker capture lines in hour folders (UTC), written off the caller's thread")
    func captureFormat() throws {
        let folder = TestModels.temporaryFolder() + "/churn"
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        func hourFolder(_ date: Date) -> String {
            let parts = utc.dateComponents([.year, .month, .day, .hour], from: date)
            return String(format: "/AllTraffic/%04d/%02d/%02d/%02d/", parts.year!, parts.month!, parts.day!, parts.hour!)
        }
        let before = Date()
        let capture = DataCapture(folder: .local(folder), percent: 100)
        capture.offer(input: Array("1,red,3".utf8), inputType: "text/csv", output: Array("0.25,no\n".utf8), outputType: "text/csv")
        capture.offer(input: Array(#"{"x": 1}"#.utf8), inputType: "application/jsonlines", output: [0xff, 0xfe], outputType: "application/jsonlines")
        capture.flush()
        let after = Date()
        #expect(capture.statistics == CaptureCounts(written: 2, dropped: 0, failed: 0, pending: 0))
        let files = try Storage.files(under: .local(folder)).map(\.description).filter { $0.hasSuffix(".jsonl") }
        // Both records fall in one hour's file, unless the hour turned while they were written.
        let hours = Set([hourFolder(before), hourFolder(after)])
        #expect(files.count == 1 || (hours.count == 2 && files.count == 2))
        #expect(files.allSatisfy { file in hours.contains { file.contains($0) } })
        let lines = try files.sorted().map { try String(contentsOfFile: $0, encoding: .utf8) }.joined().split(separator: "\n")
        #expect(lines.count == 2)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        let data = first["captureData"] as! [String: [String: String]]
        #expect(data["endpointInput"] == ["observedContentType": "text/csv", "mode": "INPUT", "data": "1,red,3", "encoding": "CSV"])
        #expect(data["endpointOutput"] == ["observedContentType": "text/csv", "mode": "OUTPUT", "data": "0.25,no\n", "encoding": "CSV"])
        #expect(first["eventVersion"] as? String == "0")
        let metadata = first["eventMetadata"] as! [String: String]
        #expect(UUID(uuidString: metadata["eventId"]!) != nil)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let time = try #require(formatter.date(from: metadata["inferenceTime"]!))
        #expect(abs(time.timeIntervalSinceNow) < 60)
        #expect(metadata["inferenceTime"]!.count == "2026-11-25T06:07:35.197Z".count)
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as! [String: Any]
        let output = (second["captureData"] as! [String: [String: String]])["endpointOutput"]!
        #expect(output["encoding"] == "BASE64")
        #expect(output["data"] == Data([0xff, 0xfe]).base64EncodedString())
    }

    @Test("media types are case-insensitive: TEXT/CSV with parameters is captured as CSV")
    func mediaTypeCase() throws {
        let folder = TestModels.temporaryFolder() + "/cased"
        let capture = DataCapture(folder: .local(folder), percent: 100)
        capture.offer(input: Array("1,red,3".utf8), inputType: "TEXT/CSV; charset=utf-8", output: Array("0.5\n".utf8), outputType: "Text/Csv")
        capture.flush()
        let files = try Storage.files(under: .local(folder)).map(\.description).filter { $0.hasSuffix(".jsonl") }
        let line = try String(contentsOfFile: try #require(files.first), encoding: .utf8)
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let data = record["captureData"] as! [String: [String: String]]
        #expect(data["endpointInput"]?["encoding"] == "CSV")
        #expect(data["endpointOutput"]?["encoding"] == "CSV")
    }

    @Test("a full queue drops records and counts them; 0% captures nothing")
    func dropping() {
        let capture = DataCapture(folder: .local(TestModels.temporaryFolder()), percent: 100, capacity: 0)
        capture.offer(input: [1], inputType: "text/csv", output: [2], outputType: "text/csv")
        #expect(capture.statistics.dropped == 1)
        let none = DataCapture(folder: .local(TestModels.temporaryFolder()), percent: 0)
        none.offer(input: [1], inputType: "text/csv", output: [2], outputType: "text/csv")
        none.flush()
        #expect(none.statistics == CaptureCounts(written: 0, dropped: 0, failed: 0, pending: 0))
    }

    @Test("a write error counts as failed and never reaches the caller")
    func unwritable() {
        let capture = DataCapture(folder: .local("/proc/sluice-cannot-write-here"), percent: 100)
        capture.offer(input: [1], inputType: "text/csv", output: [2], outputType: "text/csv")
        capture.flush()
        #expect(capture.statistics.failed == 1)
    }

    @Test("Prometheus exposition: counts by status, errors, rows, a cumulative latency histogram, the model")
    func exposition() {
        let metrics = EndpointMetrics(endpoint: "churn")
        metrics.record(status: 200, rows: 3, seconds: 0.0004)
        metrics.record(status: 200, rows: 1, seconds: 0.003)
        metrics.record(status: 400, rows: 0, seconds: 0.0001)
        let text = metrics.exposition(model: "churn", version: 2, algorithm: "xgboost", capture: nil)
        let lines = Set(text.split(separator: "\n").map(String.init))
        for expected in [
            #"sluice_model_info{endpoint="churn",model="churn",version="2",algorithm="xgboost"} 1"#,
            #"sluice_invocations_total{endpoint="churn",status="200"} 2"#,
            #"sluice_invocations_total{endpoint="churn",status="400"} 1"#,
            #"sluice_invocation_errors_total{endpoint="churn",status="400"} 1"#,
            #"sluice_invocation_rows_total{endpoint="churn"} 4"#,
            #"sluice_invocation_duration_seconds_bucket{endpoint="churn",le="0.0001"} 1"#,
            #"sluice_invocation_duration_seconds_bucket{endpoint="churn",le="0.0005"} 2"#,
            #"sluice_invocation_duration_seconds_bucket{endpoint="churn",le="0.005"} 3"#,
            #"sluice_invocation_duration_seconds_bucket{endpoint="churn",le="+Inf"} 3"#,
            #"sluice_invocation_duration_seconds_count{endpoint="churn"} 3"#,
            "# TYPE sluice_invocation_duration_seconds histogram",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(!text.contains("sluice_invocation_errors_total{endpoint=\"churn\",status=\"200\"}"))
    }
}
