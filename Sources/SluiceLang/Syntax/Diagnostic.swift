/// One problem in a program, with the span it concerns and, where possible, a fix.
public struct Diagnostic: Error, Sendable, Equatable {
    /// The family of problem; front ends show it as the error's name.
    public enum Category: String, Sendable {
        /// The text is not well-formed.
        case syntax = "SyntaxError"
        /// A name, column, parameter or option is unknown.
        case name = "NameError"
        /// A value has the wrong type or range.
        case type = "TypeError"
        /// Running the statement failed (a missing file, a malformed CSV, …).
        case runtime = "RuntimeError"
        /// The user interrupted the work.
        case interrupted = "Interrupted"
    }

    public var category: Category
    /// The one-line message: `unknown name `chrn``.
    public var message: String
    public var span: SourceSpan
    /// A short note under the caret.
    public var label: String?
    /// A suggested fix.
    public var help: String?

    public init(_ category: Category, _ message: String, span: SourceSpan, label: String? = nil, help: String? = nil) {
        self.category = category
        self.message = message
        self.span = span
        self.label = label
        self.help = help
    }

    /// Renders the diagnostic for a person:
    ///
    ///     error: unknown name `chrn`
    ///      --> cell 3, line 2:10
    ///       |
    ///     2 | chrn | take 5
    ///       | ^^^^ not bound
    ///       = help: did you mean `churn`?
    ///
    /// With `colored`, ANSI colours mark it as compilers do: `error` and the carets red, the
    /// gutter blue, `help` green, the message bold.
    public func rendered(source: String, sourceName: String, colored: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let lines = source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        let lineNumber = span.start.line
        let gutter = String(repeating: " ", count: String(lineNumber).count)
        let bar = paint("|", "1;34")
        var text = paint("error", "1;31") + paint(": \(message)", "1") + "\n\(gutter)" + paint("-->", "1;34")
            + " \(sourceName), line \(lineNumber):\(span.start.column)"
        if lineNumber >= 1, lineNumber <= lines.count {
            let sourceLine = String(lines[lineNumber - 1]).replacingOccurrences(of: "\r", with: "")
            let lineLength = sourceLine.count
            let caretStart = min(span.start.column, lineLength + 1)
            let caretEnd = span.end.line == span.start.line ? span.end.column : lineLength + 1
            let caretCount = max(1, min(caretEnd, lineLength + 1) - caretStart)
            let carets = String(repeating: "^", count: caretCount) + (label.map { " \($0)" } ?? "")
            text += "\n\(gutter) \(bar)\n" + paint("\(lineNumber) |", "1;34") + " \(sourceLine)\n\(gutter) \(bar) "
                + String(repeating: " ", count: caretStart - 1) + paint(carets, "1;31")
        }
        if let help { text += "\n\(gutter) " + paint("=", "1;34") + " " + paint("help", "1;32") + ": \(help)" }
        return text
    }
}

/// The diagnostics of a cell or script that could not run, in source order.
public struct SluiceError: Error, Sendable {
    public var diagnostics: [Diagnostic]
    /// The text the diagnostics point into.
    public var source: String
    /// How the source is named in messages: `cell 3`, `churn.sluice`.
    public var sourceName: String

    /// The first diagnostic's category, as an error name (`SyntaxError`).
    public var name: String { diagnostics.first?.category.rawValue ?? "Error" }

    /// The first diagnostic's message, with a count of the others.
    public var summary: String {
        guard let first = diagnostics.first else { return "error" }
        let others = diagnostics.count - 1
        return others == 0 ? first.message : "\(first.message) (and \(others) more error\(others == 1 ? "" : "s"))"
    }

    /// Every diagnostic, rendered, separated by blank lines.
    public var rendered: String { rendered(colored: false) }

    /// Every diagnostic, rendered (with ANSI colours when `colored`), separated by blank lines.
    public func rendered(colored: Bool) -> String {
        diagnostics.map { $0.rendered(source: source, sourceName: sourceName, colored: colored) }.joined(separator: "\n\n")
    }
}
