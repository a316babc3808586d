import Testing
@testable import SluiceLang

@Suite("Completeness")
struct CompletenessTests {
    @Test("complete fragments", arguments: ["", "1 + 2", "let t = load \"x.csv\"", "print \"a\"  # note", "let a = [1, 2]\n",
                                            "t | tak 5", "chrn"])
    func complete(source: String) {
        #expect(Completeness.of(source) == .complete)
    }

    @Test("incomplete fragments", arguments: [
        "let t = (1 +", "print \"abc", "let t = load \"x\" |", "let a = [1,", "let a =", "x in", "a and", "1 \\",
        "load \"x\" {\n delimiter = \";\"",
    ])
    func incomplete(source: String) {
        guard case .incomplete = Completeness.of(source) else {
            Issue.record("\(source.debugDescription) is \(Completeness.of(source))")
            return
        }
    }

    @Test("invalid fragments: no continuation can fix them", arguments: ["let a = 1)", "[1, 2}", "let a = 1 $", "]", "let = 1", "1 + * 2",
                                                                        "let let = 3", "evalute m on te", "t | sort a desk"])
    func invalid(source: String) {
        #expect(Completeness.of(source) == .invalid)
    }

    @Test("the indent follows the open brackets")
    func indent() {
        #expect(Completeness.of("let a = [(1,") == .incomplete(indent: "    "))
        #expect(Completeness.of("let a = 1 |") == .incomplete(indent: "  "))
    }
}
