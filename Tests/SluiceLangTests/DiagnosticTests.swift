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
