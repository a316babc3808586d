import Foundation
import SluiceData
import SluiceStorage
import Testing
@testable import SluiceTracking

private func folder() throws -> String {
    let path = NSTemporaryDirectory() + "sluice-runs-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

private func run(_ kind: RunKind = .train, metrics: [String: Double] = [:], parameters: [String: String] = [:], given: [String] = [],
                 statement: String = "let m = train xgboost on t predicting y") -> RunRecord {
    RunRecord(kind: kind, origin: RunOrigin(kind: "script", experiment: "job.sluice", place: "line 1"), statement: statement,
              startedAt: Date(timeIntervalSince1970: 1_795_000_000.25), seconds: 0.5, algorithm: "xgboost", target: "y",
              parameters: parameters, given: given, data: RunData(source: "/data/t.csv", table: "t", fingerprint: "abc", rows: 10, columns: 3),
              metrics: metrics)
}

@Suite("Run log")
struct RunLogTests {
    @Test("a run reads back as written, a line of its session's file; links add the versions stored from it")
    func roundTrip() throws {
        let root = try folder()
        let log = try RunLog(root: root, session: "s1")
        let first = run(metrics: ["training_logloss": 0.25], parameters: ["eta": "0.3"], given: ["eta"], statement: "a\nmultiline \"statement\"")
        try log.append(first)
        try log.append(ModelVersionLink(run: first.id, model: "churn", version: 2))
        let lines = try String(contentsOfFile: root + "/runs/s1.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("{\"run\":{"))
        var expected = first
        let read = try log.runs()
        expected.versions = read.first?.versions ?? []
        #expect(read == [expected])
        #expect(read[0].versions.map(\.description) == ["churn v2"])
    }

    @Test("a line a writer left half-written is skipped; the lines around it are read")
    func partialLine() throws {
        let root = try folder()
        let log = try RunLog(root: root, session: "s1")
        let (a, b) = (run(), run(.evaluate))
        try log.append(a)
        let file = try AppendingFile(path: root + "/runs/s1.jsonl")
        try file.write(Array("{\"run\":{\"id\":\"01a2-trunc".utf8))
        try file.write(Array("\n".utf8))
        try log.append(b)
        #expect(try log.runs().map(\.id) == [a.id, b.id])
    }

    @Test("writers at once, in one file or in several, lose and corrupt nothing")
    func concurrentWriters() async throws {
        let root = try folder()
        // A long statement makes each line larger than a pipe's atomic size: only O_APPEND keeps lines whole.
        let statement = String(repeating: "let x = 1 # padding\n", count: 400)
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<8 {
                group.addTask {
                    // Writers 0–3 share a file; 4–7 have one each.
                    let log = try! RunLog(root: root, session: writer < 4 ? "shared" : "own-\(writer)")
                    for index in 0..<50 { try! log.append(run(metrics: ["writer": Double(writer), "index": Double(index)], statement: statement)) }
                }
            }
        }
        let runs = try RunLog(root: root).runs()
        #expect(runs.count == 400 && Set(runs.map(\.id)).count == 400)
        for writer in 0..<8 {
            #expect(runs.filter { $0.metrics["writer"] == Double(writer) }.map { $0.metrics["index"]! }.sorted() == (0..<50).map(Double.init))
        }
        #expect(runs.allSatisfy { $0.statement == statement })
    }

    @Test("lines as another JSON writer puts them: escapes, surrogate pairs, members in any order, unknown ones, nan")
    func otherWriters() throws {
        let root = try folder()
        try FileManager.default.createDirectory(atPath: root + "/runs", withIntermediateDirectories: true)
        // As Python's json.dumps writes (ASCII only), with a member a newer writer might add.
        let line = #"{"link": null, "run": {"statement": "caf\u00e9 \ud83d\ude80 \"q\"\n\t\\", "id": "01a2-0000", "kind": "evaluate", "#
            + #""future": {"a": [1, true, null, -2.5e-3]}, "origin": {"place": "line 1", "experiment": "x", "kind": "script"}, "#
            + #""started_at": 1795000000250, "seconds": 1e-3, "metrics": {"auc": "nan", "rmse": 0.25}, "parameters": {}, "given": [], "#
            + #""recipe": "", "data": null, "versions": [], "user": "u", "host": "h", "models": ["m"], "parent": null}}"#
        try Data((line + "\n").utf8).write(to: URL(fileURLWithPath: root + "/runs/other.jsonl"))
        let runs = try RunLog(root: root).runs()
        #expect(runs.count == 1)
        let run = try #require(runs.first)
        #expect(run.statement == "café 🚀 \"q\"\n\t\\" && run.kind == .evaluate && run.models == ["m"] && run.data == nil)
        #expect(run.metrics["auc"]!.isNaN && run.metrics["rmse"] == 0.25 && run.seconds == 0.001)
        #expect(run.startedAt == Date(timeIntervalSince1970: 1_795_000_000.25))
    }

    @Test("ids sort by time and are unique")
    func ids() {
        let early = RunRecord.newID(at: Date(timeIntervalSince1970: 1_700_000_000)), late = RunRecord.newID(at: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(early < late && early.count == 21 && early.split(separator: "-").map(\.count) == [12, 8])
        #expect(Set((0..<1000).map { _ in RunRecord.newID() }).count == 1000)
    }
}

@Suite("Run table")
struct RunTableTests {
    @Test("latest first; a column per metric any run has and per parameter a run set (by the first row naming it, then by name), numbers when every value is one")
    func columns() throws {
        let a = run(metrics: ["training_logloss": 0.5], parameters: ["eta": "0.3", "rounds": "10", "seed": "0"], given: ["rounds"])
        var b = run(.evaluate, metrics: ["auc": 0.8, "accuracy": 0.75])
        b.versions = [ModelVersionLink(run: b.id, model: "m", version: 1), ModelVersionLink(run: b.id, model: "p", version: 3)]
        let c = run(.trial, metrics: ["auc": 0.7], parameters: ["grow_policy": "lossguide", "rounds": "5", "kind": "x"], given: ["grow_policy", "rounds", "kind"])
        let table = RunTable.table(of: [a, b, c])
        #expect(table.columnNames == RunTable.fixedColumns + ["auc", "accuracy", "training_logloss", "grow_policy", "param_kind", "rounds"])
        #expect(table.column(named: "kind")?.formattedValue(at: 0) == "trial" && table.column(named: "kind")?.formattedValue(at: 2) == "train")
        #expect(table.column(named: "rounds")?.kind == .float && table.column(named: "rounds")?.formattedValue(at: 1) == nil)
        #expect(table.column(named: "rounds")?.presentNumbers() == [5, 10])
        #expect(table.column(named: "grow_policy")?.kind == .text)
        #expect(table.column(named: "model")?.formattedValue(at: 1) == "m v1, p v3")
        #expect(table.column(named: "started")?.kind == .datetime && table.column(named: "data")?.formattedValue(at: 0) == "t")
        #expect(RunTable.table(of: []).rowCount == 0)
    }
}
