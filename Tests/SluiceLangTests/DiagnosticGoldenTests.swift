import Foundation
import Testing
@testable import SluiceLang

/// The golden file: each case is a source (`\n` in it stands for a line break) and every diagnostic the
/// front end gives for it, rendered, as `=== SOURCE` followed by the rendering.
private let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

/// What the front end reports for `source` when `churn` is a table with a few of telco_churn's columns.
private func rendered(_ source: String) -> String {
    let (statements, syntaxErrors) = Parser.parse(source)
    let bound: [String: StaticValue] = [
        "churn": .table(Schema(columns: ["churn", "tenure", "contract", "monthly_charges"], origin: "`churn`")),
    ]
    let problems = syntaxErrors.isEmpty ? Resolver.check(statements, bound: bound, workingDirectory: "/nonexistent") : syntaxErrors
    return problems.isEmpty ? "(no error)" : SluiceError(diagnostics: problems, source: source, sourceName: "cell 1").rendered
}

@Suite("Diagnostic goldens")
struct DiagnosticGoldenTests {
    /// Renders every source in `diagnostics.sources` and compares with `diagnostics.golden`; with
    /// `SLUICE_UPDATE_GOLDENS=1` in the environment it writes the golden file instead (review the diff).
    @Test("every kind of lexer, parser and resolver error renders exactly as recorded")
    func goldens() throws {
        let sources = try String(contentsOf: goldenDirectory.appendingPathComponent("diagnostics.sources"), encoding: .utf8)
            .split(separator: "\n").map { $0.replacingOccurrences(of: "\\n", with: "\n") }
        let actual = sources.map { "=== \($0.replacingOccurrences(of: "\n", with: "\\n"))\n\(rendered($0))\n" }.joined(separator: "\n")
        let goldenFile = goldenDirectory.appendingPathComponent("diagnostics.golden")
        if ProcessInfo.processInfo.environment["SLUICE_UPDATE_GOLDENS"] == "1" {
            try actual.write(to: goldenFile, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: goldenFile, encoding: .utf8)
        let actualCases = actual.components(separatedBy: "\n=== "), expectedCases = expected.components(separatedBy: "\n=== ")
        #expect(actualCases.count == expectedCases.count)
        for (got, want) in zip(actualCases, expectedCases) { #expect(got == want) }
        #expect(!actual.contains("(no error)"), "every source in the file is meant to fail")
    }
}
