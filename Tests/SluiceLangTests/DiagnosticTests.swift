import Foundation
import Testing
@testable import SluiceLang

@Suite("Diagnostics")
struct DiagnosticTests {
    @Test("rendered with line, column, source line, caret, label and help")
    func rendering() {
        let source = "let raw = 1\n  | filter tenur >= 0"
        let span = SourceSpan(start: SourcePosition(line: 2, column: 12, offset: 23),
                              end: SourcePosition(line: 2, column: 17, offset: 28))
        let diagnostic = Diagnostic(.name, "unknown column `tenur`", span: span, label: "not a column of `raw`",
                                    help: "did you mean `tenure`?")
        #expect(diagnostic.rendered(source: source, sourceName: "cell 3") == """
            error: unknown column `tenur`
             --> cell 3, line 2:12
              |
            2 |   | filter tenur >= 0
              |            ^^^^^ not a column of `raw`
              = help: did you mean `tenure`?
            """)
    }

    @Test("coloured, the text is the same with ANSI colours around error, the gutter, the carets and help")
    func coloured() {
        let source = "chrn + 1"
        let span = SourceSpan(start: SourcePosition(line: 1, column: 1, offset: 0), end: SourcePosition(line: 1, column: 5, offset: 4))
        let diagnostic = Diagnostic(.name, "unknown name `chrn`", span: span, label: "not bound", help: "did you mean `churn`?")
        let red = "\u{1B}[1;31m", blue = "\u{1B}[1;34m", green = "\u{1B}[1;32m", bold = "\u{1B}[1m", reset = "\u{1B}[0m"
        let coloured = diagnostic.rendered(source: source, sourceName: "cell 1", colored: true)
        #expect(coloured == """
            \(red)error\(reset)\(bold): unknown name `chrn`\(reset)
             \(blue)-->\(reset) cell 1, line 1:1
              \(blue)|\(reset)
            \(blue)1 |\(reset) chrn + 1
              \(blue)|\(reset) \(red)^^^^ not bound\(reset)
              \(blue)=\(reset) \(green)help\(reset): did you mean `churn`?
            """)
        let stripped = coloured.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
        #expect(stripped == diagnostic.rendered(source: source, sourceName: "cell 1"))
    }

    @Test("within a width, a long line shows a window around the span and the label and help fold at words")
    func fittingWidth() {
        let source = "let x = t | select [" + (0..<8).map { "column_\($0)" }.joined(separator: ", ") + "] | sort tenure desk"
        let column = source.count - 3
        let span = SourceSpan(start: SourcePosition(line: 1, column: column, offset: column - 1),
                              end: SourcePosition(line: 1, column: column + 4, offset: column + 3))
        let diagnostic = Diagnostic(.syntax, "expected `desc`, `asc`, `,` or the end of the step after `tenure`", span: span,
                                    label: "found `desk`, which is not a direction a sort knows",
                                    help: "did you mean `desc`? A sort goes up unless it is told `desc`.")
        let lines = diagnostic.rendered(source: source, sourceName: "cell 1", width: 60).components(separatedBy: "\n")
        #expect(lines.allSatisfy { $0.count <= 60 })
        let shown = lines.first { $0.hasPrefix("1 | ") }!
        #expect(shown.hasPrefix("1 | …") && shown.hasSuffix("sort tenure desk"))
        let carets = lines.first { $0.contains("^^^^") }!
        #expect(carets.range(of: "^^^^")!.lowerBound.utf16Offset(in: carets) == shown.range(of: "desk")!.lowerBound.utf16Offset(in: shown))
        // Folded text keeps every word whole.
        let words = lines.joined(separator: " ").split(separator: " ")
        for word in ["`desk`,", "direction", "`desc`?", "told"] { #expect(words.contains(Substring(word))) }
        // Without a width nothing changes.
        #expect(!diagnostic.rendered(source: source, sourceName: "cell 1").contains("…"))
    }

    @Test("counts past what can be held are refused before anything is set up for them")
    func sizeLimits() throws {
        let session = Session()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("limits-\(UUID().uuidString).csv").path
        try "x,label\n1,0\n2,1\n3,0\n4,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        try session.run("let t = load \"\(path)\"", sourceName: "c", sink: RecordingSink())
        func message(_ source: String) -> String? {
            do {
                try session.run(source, sourceName: "c", sink: RecordingSink())
                return nil
            } catch {
                return error.summary
            }
        }
        #expect(message("tune xgboost on t predicting label { trials 999999999, eta in 0.1..0.2, rounds = 2 }")
                == "`trials` must be at most 100,000")
        #expect(message("t | take 1e15") == "`take` needs a whole number of rows below 10^15, not 1e+15")
        #expect(message("let m = train xgboost on t predicting label { rounds = 1e12 }")
                == "`rounds` must be a whole number below 1,000,000,000")
        #expect(message("tune xgboost on t predicting label { trials 2, folds 100000000, eta in 0.1..0.2, rounds = 2 }")
                == "`folds` must be at most 100")
        #expect(message("tune xgboost on t predicting label { trials 2, folds 5, eta in 0.1..0.2, rounds = 2 }")
                == "`folds 5` needs at least 5 rows; the table has 4")
        #expect(message("load \"\(path)\" { threads = 0 }") == "`threads` must be a whole number of threads from 1 to 1024")
    }

    @Test("the gutter widens with the line number")
    func wideGutter() {
        let source = String(repeating: "\n", count: 11) + "oops"
        let span = SourceSpan(start: SourcePosition(line: 12, column: 1, offset: 11),
                              end: SourcePosition(line: 12, column: 5, offset: 15))
        #expect(Diagnostic(.name, "unknown name `oops`", span: span).rendered(source: source, sourceName: "s.sluice") == """
            error: unknown name `oops`
              --> s.sluice, line 12:1
               |
            12 | oops
               | ^^^^
            """)
    }

    @Test("did-you-mean picks the closest name within a third of the word")
    func suggestions() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("trian", "train") == 1)   // a swap of neighbours is one edit
        #expect(editDistance("ca", "abc") == 3)         // optimal string alignment: no edits inside a swap
        #expect(closestMatch(to: "tenur", among: ["tenure", "churn", "contract"]) == "tenure")
        #expect(closestMatch(to: "chrn", among: ["churn", "charges"]) == "churn")
        #expect(closestMatch(to: "xyz", among: ["churn"]) == nil)
    }
}
