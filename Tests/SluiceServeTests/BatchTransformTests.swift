import Foundation
import SluiceData
import SluiceML
import Synchronization
import Testing
@testable import SluiceServe

@Suite("Batch transform")
struct BatchTransformTests {
    /// 1,000 rows of (x, color, count, y), a few with quoted fields and missing values.
    private func inputCSV() -> String {
        var lines = ["x,color,count,y"]
        for row in 0..<1_000 {
            let x = row % 17 == 0 ? "" : String(Double(row % 9) + 0.5)
            let color = row % 2 == 0 ? "red" : "\"blue\""
            lines.append("\(x),\(color),\(row % 7),\(row % 3 == 0 ? "yes" : "no")")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func write(_ text: String, named name: String, in folder: String = TestModels.temporaryFolder()) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the output equals predict on the whole file, in order, whatever the batch size and cores")
    func matchesPredict() throws {
        let model = try TestModels.binary()
        let input = try write(inputCSV(), named: "in.csv")
        let whole = try CSVReader.read(path: input, options: CSVOptions(types: ["x": .float, "color": .categorical, "count": .integer])).table
        let expected = CSVWriter.encode(try Table(columns: ["score", "predicted_label"].map { try model.predict(whole).column(named: $0)! }))
        for (batch, threads) in [(1_000_000, 1), (7, 2), (100, 3)] {
            let output = TestModels.temporaryFolder() + "/out/scored.csv"
            var reports = 0
            let summary = try BatchTransform(model: model, batchRows: batch, threads: threads)
                .run(input: input, output: output, progress: { _ in reports += 1 })
            #expect(summary.rows == 1_000)
            #expect(reports >= 1)
            #expect(Array(try Data(contentsOf: URL(fileURLWithPath: output))) == expected, "batch \(batch), threads \(threads)")
        }
    }

    @Test("shares of the input, put end to end, give the whole file's output; only share 0 writes the header")
    func shares() throws {
        let model = try TestModels.binary()
        let folder = TestModels.temporaryFolder()
        let input = try write(inputCSV(), named: "in.csv", in: folder)
        _ = try BatchTransform(model: model, joinInput: true).run(input: input, output: folder + "/whole.csv")
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder + "/whole.csv"))
        for count in [1, 2, 3, 7] {
            var joined = Data(), rows = 0
            for index in 0..<count {
                let part = folder + "/part-\(count)-\(index).csv"
                rows += try BatchTransform(model: model, joinInput: true, batchRows: 50, threads: 2)
                    .run(input: input, output: part, share: BatchTransform.Share(index: index, count: count)).rows
                joined += try Data(contentsOf: URL(fileURLWithPath: part))
            }
            #expect(rows == 1_000)
            #expect(joined == whole, "\(count) shares")
        }
    }

    @Test("the temporary output of a transform that was killed is removed by the next one in the folder; a live one stays")
    func abandonedOutputs() throws {
        let model = try TestModels.binary()
        let folder = TestModels.temporaryFolder()
        let input = try write("y,count,color,x\nno,3,red,1.5\n", named: "in.csv", in: folder)
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let abandoned = try write("half a file", named: ".scored.csv.p\(ended.processIdentifier).1a2b3c4d.partial", in: folder)
        let live = try write("being written", named: ".other.csv.p\(getpid()).5e6f7a8b.partial", in: folder)
        _ = try BatchTransform(model: model).run(input: input, output: folder + "/scored.csv")
        #expect(!FileManager.default.fileExists(atPath: abandoned))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: folder + "/scored.csv"))
    }

    @Test("join input keeps the input's fields as they were, then the predictions")
    func joinInput() throws {
        let model = try TestModels.binary()
        let input = try write("y,count,color,x,note\nno,3,red,1.50,\"a, b\"\nyes,6,blue,,plain\n", named: "in.csv")
        let output = TestModels.temporaryFolder() + "/joined.csv"
        _ = try BatchTransform(model: model, joinInput: true).run(input: input, output: output)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines[0] == "y,count,color,x,note,score,predicted_label")
        #expect(lines[1].hasPrefix("no,3,red,1.5,\"a, b\","))
        #expect(lines[2].hasPrefix("yes,6,blue,,plain,"))
    }

    @Test("JSON Lines in, JSON Lines out, joined to each object")
    func jsonLines() throws {
        let model = try TestModels.binary()
        let input = try write("{\"x\": 1, \"color\": \"red\", \"count\": 3, \"id\": 7}\n\n{}\n", named: "in.jsonl")
        let output = TestModels.temporaryFolder() + "/out.jsonl"
        let summary = try BatchTransform(model: model, joinInput: true).run(input: input, output: output)
        #expect(summary.rows == 2)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("{\"x\": 1, \"color\": \"red\", \"count\": 3, \"id\": 7,\"score\":"))
        #expect(lines[1].hasPrefix("{\"score\":"))
    }

    @Test("a bad value names its line; an interrupt or an error leaves no file under the output's name")
    func failures() throws {
        let model = try TestModels.binary()
        let folder = TestModels.temporaryFolder()
        let bad = try write("x,color,count\n1,red,3\n2,blue,many\n", named: "bad.csv", in: folder)
        let error = #expect(throws: TransformError.self) {
            try BatchTransform(model: model).run(input: bad, output: folder + "/out.csv")
        }
        #expect(error?.description.contains("line 3") == true)
        #expect(error?.description.contains("many") == true)
        let good = try write(inputCSV(), named: "in.csv", in: folder)
        let calls = Atomic<Int>(0)
        #expect(throws: TransformError.interrupted(rowsDone: 10)) {
            try BatchTransform(model: model, batchRows: 10, threads: 1).run(input: good, output: folder + "/out.csv",
                                                                             shouldStop: { calls.add(1, ordering: .relaxed).newValue > 1 })
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["bad.csv", "in.csv"])
        let missing = #expect(throws: TransformError.self) {
            try BatchTransform(model: model).run(input: try write("x,count\n1,2\n", named: "cols.csv"), output: folder + "/o.csv")
        }
        #expect(missing?.description.contains("has no column `color`") == true)
    }
}
