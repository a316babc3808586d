import Foundation

/// The REPL's input history, one entry a line, kept in a file between sessions.
struct History {
    /// The most entries kept.
    static let limit = 1000

    private(set) var entries: [String] = []
    private let path: String?

    /// Loads the history at `path` (nothing is kept when `path` is nil).
    init(path: String?) {
        self.path = path
        if let path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            entries = text.split(separator: "\n").map(String.init).suffix(Self.limit).map { $0 }
        }
    }

    /// The history file: `$SLUICE_HISTORY`, else `~/.sluice_history`.
    static var defaultPath: String {
        ProcessInfo.processInfo.environment["SLUICE_HISTORY"] ?? NSHomeDirectory() + "/.sluice_history"
    }

    /// Adds a line (blank lines and repeats of the last entry are skipped) and saves.
    mutating func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, entries.last != line else { return }
        entries.append(line)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        save()
    }

    /// Writes the history to a temporary file and renames it over the old one.
    private func save() {
        guard let path else { return }
        let text = entries.joined(separator: "\n") + "\n"
        try? Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
