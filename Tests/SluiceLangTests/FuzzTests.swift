import SluiceData
import Testing
@testable import SluiceLang

/// Pieces of Sluice source: every keyword (from the language's one list), symbol and kind of literal, algorithms,
/// option values and names, plus some that are wrong.
private let vocabulary = Keyword.allCases.map(\.rawValue) + Symbol.allCases.map(\.rawValue) + [
    "xgboost", "kmeans", "linear_learner", "hyperband",
    "churn", "tenure", "x", "`monthly charges`", "`", "42", "0.1", "1e-3", "1e999", "80%", "%", "\"text\"", "\"a\\\"b\"",
    "\"unterminated", ".", "\\", "#", "# comment", "\n", "\n", " ", "\t", "\r\n", "é", "🙂", "\u{0}",
]

/// Runs every pass that happens before work starts, as a cell would: it must return, with or without errors,
/// and every error must point inside the source, on the line and column its offset names.
private func check(_ source: String) {
    _ = Lexer.tokenize(source)
    _ = Completeness.of(source)
    let (statements, diagnostics) = Parser.parse(source)
    let problems = diagnostics.isEmpty ? Resolver.check(statements, bound: ["churn": .table(Schema(columns: ["tenure", "churn"], origin: "`churn`")), "x": .scalar],
                                                                workingDirectory: "/nonexistent") : diagnostics
    let characters = Array(source)
    for problem in problems {
        let (start, end) = (problem.span.start, problem.span.end)
        #expect(start.offset <= end.offset && end.offset <= characters.count, "\(problem.message) in \(source.debugDescription)")
        guard start.offset <= characters.count else { continue }
        let before = characters[..<start.offset]
        // Lines end at "\n" or "\r\n" (one Character); other Unicode line separators are not line breaks in Sluice.
        let isLineBreak = { (character: Character) in character == "\n" || character == "\r\n" }
        let line = 1 + before.filter(isLineBreak).count
        let column = 1 + (before.lastIndex(where: isLineBreak).map { start.offset - $0 - 1 } ?? start.offset)
        #expect(start.line == line && start.column == column, "\(problem.message) in \(source.debugDescription)")
        _ = problem.rendered(source: source, sourceName: "fuzz")
    }
}

@Suite("Fuzzing the front end")
struct FuzzTests {
    @Test("random token sequences never crash or hang the lexer, parser, resolver or diagnostics", .timeLimit(.minutes(1)))
    func tokenSequences() {
        var generator = SeededGenerator(seed: 2026)
        for _ in 0..<20_000 {
            let length = 1 + generator.nextIndex(below: 24)
            var source = ""
            for _ in 0..<length {
                source += vocabulary[generator.nextIndex(below: vocabulary.count)]
                if generator.nextIndex(below: 3) > 0 { source += " " }
            }
            check(source)
        }
    }

    @Test("random bytes never crash or hang the front end", .timeLimit(.minutes(1)))
    func randomBytes() {
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let bytes = (0..<generator.nextIndex(below: 64)).map { _ in
                // Mostly printable ASCII, sometimes any byte (invalid UTF-8 is replaced on decoding).
                generator.nextIndex(below: 4) == 0 ? UInt8(generator.nextIndex(below: 256)) : UInt8(32 + generator.nextIndex(below: 95))
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test("mutations of a valid program never crash or hang the front end", .timeLimit(.minutes(1)))
    func mutatedPrograms() {
        let program = """
            let raw = load "data/telco_churn.csv" { types = { churn = "categorical" } }
              | filter tenure >= 0 and not (churn is null)
              | derive charge = total_charges / (tenure + 1)
            let train_set, test_set = raw | split 80% stratify churn seed 42
            let prep = recipe | impute median [total_charges] | encode onehot [contract] | scale standard
            let best = tune xgboost on train_set predicting churn using prep {
              maximize auc, search bayesian, trials 30, parallel 2, prune median
              eta in log 0.01..0.3, max_depth in 3..10, objective in ["binary:logistic"], rounds = 300
            }
            evaluate best on test_set threshold 0.5
            """
        let characters = Array(program)
        var generator = SeededGenerator(seed: 5)
        check(program)
        for _ in 0..<5_000 {
            var mutated = characters
            for _ in 0..<(1 + generator.nextIndex(below: 4)) {
                let position = generator.nextIndex(below: mutated.count)
                switch generator.nextIndex(below: 3) {
                case 0: mutated.remove(at: position)
                case 1: mutated.insert(Array("|{}[]()\"`.,=\n%")[generator.nextIndex(below: 14)], at: position)
                default: mutated.swapAt(position, generator.nextIndex(below: mutated.count))
                }
            }
            check(String(mutated))
        }
    }
}
