import Foundation
import Glibc
import SluiceLang

/// The REPL: reads entries (several lines while the language says the entry
/// is incomplete), runs each in one session, and shows results and errors.
/// On a terminal it edits lines and keeps history; otherwise it reads
/// standard input silently, as a script.
public struct ReadEvalPrintLoop {
    let session: Session
    private let sink = TerminalSink()
    private let interrupts = InterruptForwarder()

    static let prompt = "sluice> "
    static let continuationPrompt = "    ... "

    /// A loop that runs its entries in `session`.
    public init(session: Session) {
        self.session = session
    }

    /// Runs until the input ends; returns false if any entry failed when input was not a terminal.
    public func run() -> Bool {
        interrupts.install(session: session)
        let interactive = isatty(STDIN_FILENO) != 0
        var editor = interactive ? LineEditor(history: History(path: History.defaultPath)) : nil
        let session = session
        editor?.completer = { text, cursor in
            let completion = session.complete(text, cursor: cursor)
            return (completion.matches, completion.start, completion.end)
        }
        var script = LookaheadLineReader()
        if interactive {
            print("Sluice \(sluiceVersion). Ctrl-C stops running work, Ctrl-D exits.")
        }
        var allSucceeded = true
        var entryNumber = 0
        while true {
            var entry = ""
            var ended = false
            readEntry: while true {
                let prompt = entry.isEmpty ? Self.prompt : Self.continuationPrompt
                let line: String
                if editor != nil {
                    switch editor!.readLine(prompt: prompt, entrySoFar: entry) {
                    case .line(let text):
                        line = text
                        editor!.history.add(text)
                    case .interrupted:
                        entry = ""
                        continue readEntry
                    case .endOfInput:
                        ended = true
                        break readEntry
                    }
                } else {
                    guard let text = script.next() else {
                        ended = true
                        break readEntry
                    }
                    line = text
                }
                entry += entry.isEmpty ? line : "\n" + line
                if case .incomplete = Completeness.of(entry) { continue }
                if editor == nil, script.nextNonBlankStartsWithPipe() { continue }
                break
            }
            if !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                entryNumber += 1
                if !evaluate(entry, name: interactive ? "input \(entryNumber)" : "stdin, entry \(entryNumber)") {
                    allSucceeded = false
                }
            }
            if ended { return interactive || allSucceeded }
        }
    }

    /// Runs one entry and shows its result; returns whether it succeeded.
    private func evaluate(_ entry: String, name: String) -> Bool {
        interrupts.isRunning = true
        defer { interrupts.isRunning = false }
        do {
            session.textWidth = TerminalSink.terminalWidth()
            if let value = try session.run(entry, sourceName: name, sink: sink) {
                value.displayBundles(textWidth: session.textWidth).forEach(sink.display)
            }
            return true
        } catch {
            sink.report(error)
            return false
        }
    }
}
