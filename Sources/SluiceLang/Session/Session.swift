import Foundation
import SluiceML

/// One interpreter session: the values bound so far and the place relative
/// paths start from. The REPL, the kernel and scripts each drive one.
///
/// A session runs on one thread at a time; only ``interruptFlag`` may be
/// touched from others.
public final class Session {
    /// Set from any thread to stop the running cell; it then fails with an
    /// `Interrupted` diagnostic and the session keeps every value bound before.
    public let interruptFlag = InterruptFlag()
    /// Where relative paths in `load` start from.
    public var workingDirectory: String
    /// The values bound so far, by name.
    public private(set) var bindings: [String: Value] = [:]
    /// What the resolver knows of the bound values: tables' columns, scalars, the rest.
    var staticBindings: [String: StaticValue] {
        bindings.reduce(into: [:]) { $0[$1.key] = StaticValue($1.value, name: $1.key) }
    }

    /// The width of the text display (a terminal's columns): wide tables show the columns that fit.
    public var textWidth: Int?
    /// Called after each statement with its first line and how long it took, in seconds.
    public var statementFinished: ((_ line: Int, _ seconds: Double) -> Void)?
    /// Called as each statement starts (before ``statementFinished``).
    public var statementStarting: (() -> Void)?
    /// The ranks this session runs with, when it is one of a job's (`mpirun -np N sluice run`): every rank
    /// runs every statement, training shares the rows out between them, and statements that change the
    /// world outside (``StatementNode/runsOnLeaderOnly``) run on rank 0 alone while the others wait.
    public var collective: any Collective = LocalCollective()
    /// What `evaluate` measured of the bound models.
    private let evaluations = EvaluationsByName()
    /// Records the runs of the session's statements.
    private let recorder = RunRecorder()
    /// How long the last statement spent recording its runs (in the store's log, and in MLflow when set), in seconds.
    public var secondsRecordingRuns: Double { recorder.secondsRecording }
    /// Where the session's statements come from: the experiment and places its runs record.
    public var origin: SessionOrigin {
        get { recorder.origin }
        set { recorder.origin = newValue }
    }

    /// Creates a session whose relative paths start at `workingDirectory`.
    public init(workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.workingDirectory = workingDirectory
    }

    /// Runs `source` (a cell, a REPL entry or a script).
    ///
    /// Every statement is parsed and its names checked before any runs. Bare
    /// expressions other than the last are shown through `sink`; the last
    /// statement's value, when it is a bare expression, is returned for the
    /// front end to show as the result.
    ///
    /// - Throws: ``SluiceError`` with every syntax and name error, or with the
    ///   one runtime error that stopped the run.
    @discardableResult
    public func run(_ source: String, sourceName: String, sink: OutputSink) throws(SluiceError) -> Value? {
        interruptFlag.clear()
        let (statements, syntaxErrors) = Parser.parse(source)
        let problems = syntaxErrors.isEmpty ? Resolver.check(
            statements, bound: staticBindings,
            workingDirectory: workingDirectory) : syntaxErrors
        guard problems.isEmpty else {
            throw SluiceError(diagnostics: problems, source: source, sourceName: sourceName)
        }
        var evaluator = Evaluator(bindings: bindings, workingDirectory: workingDirectory, interruptFlag: interruptFlag,
                                  warn: { sink.write("warning: \($0)\n", to: .stderr) },
                                  progress: { sink.progress($0, id: $1, finished: $2) })
        evaluator.collective = collective
        evaluator.evaluations = evaluations
        evaluator.recorder = recorder
        evaluator.readInput = { sink.readInput(prompt: $0) }
        defer { bindings = evaluator.bindings }
        do throws(Diagnostic) {
            for (position, statement) in statements.enumerated() {
                let isLast = position == statements.count - 1
                statementStarting?()
                recorder.starting(Self.text(of: statement.span, in: source), line: statement.span.start.line, sourceName: sourceName)
                let started = DispatchTime.now().uptimeNanoseconds
                defer {
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                    statementFinished?(statement.span.start.line, seconds)
                }
                var context = StatementContext(evaluator: evaluator, sink: sink, textWidth: textWidth, span: statement.span,
                                               isLast: isLast)
                defer { evaluator = context.evaluator }
                if collective.size > 1, statement.node.runsOnLeaderOnly {
                    if collective.rank == 0 { try statement.node.run(&context) }
                    collective.barrier()
                    continue
                }
                try statement.node.run(&context)
                if let result = context.result { return result }
                // Work that keeps what it finished when interrupted (tune) ends its statement; the cell stops there.
                if !isLast, interruptFlag.isRequested {
                    throw Diagnostic(.interrupted, "interrupted; the rest of the cell did not run", span: statement.span,
                                     label: "stopped after this statement")
                }
            }
        } catch {
            throw SluiceError(diagnostics: [error], source: source, sourceName: sourceName)
        }
        return nil
    }

    /// The text of `span` in `source`.
    private static func text(of span: SourceSpan, in source: String) -> String {
        let start = source.index(source.startIndex, offsetBy: span.start.offset, limitedBy: source.endIndex) ?? source.endIndex
        let end = source.index(start, offsetBy: span.end.offset - span.start.offset, limitedBy: source.endIndex) ?? source.endIndex
        return String(source[start..<end])
    }
}
