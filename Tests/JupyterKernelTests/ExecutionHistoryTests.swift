import Foundation
import Testing
@testable import JupyterKernel

@Suite("Execution history")
struct ExecutionHistoryTests {
    @Test("globs match whole inputs: * any text, ? one character")
    func globs() {
        #expect(ExecutionHistory.glob("1 + *", matches: "1 + 2"))
        #expect(ExecutionHistory.glob("*", matches: ""))
        #expect(ExecutionHistory.glob("l?t *", matches: "let x = 1"))
        #expect(!ExecutionHistory.glob("1 + *", matches: "11 + 2"))
        #expect(!ExecutionHistory.glob("?", matches: ""))
        #expect(!ExecutionHistory.glob("let", matches: "let x"))
    }

    @Test("a new kernel continues the file with the next session; unreadable lines are skipped")
    func sessions() throws {
        let path = NSTemporaryDirectory() + "sluice-history-\(UUID().uuidString)/h.jsonl"
        let first = ExecutionHistory(path: path)
        #expect(first.session == 1)
        first.record(line: 1, input: "a")
        first.record(line: 2, input: "b\nc")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("not json\n".utf8))
        try handle.close()
        let second = ExecutionHistory(path: path)
        #expect(second.session == 2)
        second.record(line: 1, input: "a")
        #expect(second.tail(10).map(\.input) == ["a", "b\nc", "a"])
        #expect(second.range(session: -1, start: 2, stop: nil).map(\.input) == ["b\nc"])
        #expect(second.search(pattern: "a", n: nil, unique: true).map { [$0.session, $0.line] } == [[2, 1]])
        #expect(ExecutionHistory(path: nil).session == 1)
    }

    @Test("globs backtrack to the last star; a long entry against a long pattern takes constant memory; huge inputs are not kept")
    func globEdgesAndCap() throws {
        #expect(ExecutionHistory.glob("a*b*c", matches: "aXbYbZc"))
        #expect(!ExecutionHistory.glob("a*b*c", matches: "aXbYbZ"))
        #expect(ExecutionHistory.glob("*?x", matches: "yx"))
        #expect(!ExecutionHistory.glob("*?x", matches: "x"))
        #expect(ExecutionHistory.glob("**a**", matches: "bab"))
        let long = String(repeating: "ab", count: 500_000)
        #expect(!ExecutionHistory.glob("*" + String(repeating: "a", count: 1_000) + "*", matches: long))
        let history = ExecutionHistory(path: nil)
        history.record(line: 1, input: long)
        history.record(line: 2, input: "kept")
        #expect(history.tail(10).map(\.input) == ["kept"])
    }
}
