import Testing
@testable import SluiceDisplay

@Suite("Folding text")
struct TextFoldingTests {
    @Test("lines break at the last space that fits, keep their indentation, and a long word stays whole")
    func folding() {
        #expect(TextFolding.fold("a b c", width: 3) == "a b\nc")
        #expect(TextFolding.fold("short\nlines stay", width: 20) == "short\nlines stay")
        #expect(TextFolding.fold("the quick brown fox jumps", width: 10) == "the quick\nbrown fox\njumps")
        #expect(TextFolding.fold("  indented words go on here", width: 12) == "  indented\n    words go\n    on here")
        #expect(TextFolding.fold("a incomprehensibilities b", width: 8) == "a\nincomprehensibilities\nb")
        let help = "Stores the model as a version of `name` and serves it at http://127.0.0.1:PORT with SageMaker's /ping"
        let folded = TextFolding.fold(help, width: 30).split(separator: "\n")
        #expect(folded.allSatisfy { $0.count <= 30 })
        #expect(folded.joined(separator: " ") == help)
    }
}
