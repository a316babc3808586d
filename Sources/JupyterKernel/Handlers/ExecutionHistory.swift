import Foundation

/// The inputs of the executions that asked to be stored, as `history_request` serves them:
/// numbered by session (one per kernel start) and line (the execution count), kept in a JSON
/// Lines file so that a restarted kernel still has the earlier sessions. Used from the shell
/// thread only.
public final class ExecutionHistory {
    /// One stored input.
    public struct Entry: Equatable, Codable, Sendable {
        public var session: Int
        public var line: Int
        public var input: String
    }

    /// The most entries kept in the file; older ones are dropped when it is rewritten at start.
    static let limit = 10_000

    private let path: String?
    private(set) var entries: [Entry]
    /// This kernel's session: one more than the last in the file.
    public let session: Int

    /// Loads the history at `path` (none is kept when nil) and starts a new session.
    public init(path: String?) {
        self.path = path
        var loaded: [Entry] = []
        if let path, let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let decoder = JSONDecoder()
            loaded = text.split(separator: "\n").compactMap { try? decoder.decode(Entry.self, from: Data($0.utf8)) }
        }
        entries = Array(loaded.suffix(Self.limit))
        session = (entries.map(\.session).max() ?? 0) + 1
        if let path, loaded.count > Self.limit { rewrite(path) }
    }


    /// Stores an input of this session and appends it to the file.
    public func record(line: Int, input: String) {
        let entry = Entry(session: session, line: line, input: input)
        entries.append(entry)
        guard let path, let data = try? JSONEncoder().encode(entry) else { return }
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let handle = try? FileHandle(forWritingTo: url) {
            handle.seekToEndOfFile()
            handle.write(data + Data("\n".utf8))
            try? handle.close()
        } else {
            try? (data + Data("\n".utf8)).write(to: url, options: .atomic)
        }
    }

    /// The last `n` inputs.
    public func tail(_ n: Int) -> [Entry] { Array(entries.suffix(max(0, n))) }

    /// The inputs of `session` (0 or less counts back from this one) with lines in `start..<stop`
    /// (`stop` nil: to the end).
    public func range(session requested: Int, start: Int, stop: Int?) -> [Entry] {
        let chosen = requested > 0 ? requested : session + requested
        return entries.filter { $0.session == chosen && $0.line >= start && $0.line < (stop ?? .max) }
    }

    /// The inputs matching a glob `pattern` (`*` any text, `?` one character), the last `n` of them
    /// (all when nil); with `unique`, each input once, at its latest.
    public func search(pattern: String, n: Int?, unique: Bool) -> [Entry] {
        var found = entries.filter { Self.glob(pattern, matches: $0.input) }
        if unique {
            var seen = Set<String>()
            found = found.reversed().filter { seen.insert($0.input).inserted }.reversed()
        }
        return n.map { Array(found.suffix($0)) } ?? found
    }

    /// Whether `text` matches the glob `pattern` in full.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var matches = [[Bool]](repeating: [Bool](repeating: false, count: t.count + 1), count: p.count + 1)
        matches[0][0] = true
        for i in stride(from: 1, through: p.count, by: 1) {
            matches[i][0] = matches[i - 1][0] && p[i - 1] == "*"
            for j in stride(from: 1, through: t.count, by: 1) {
                switch p[i - 1] {
                case "*": matches[i][j] = matches[i - 1][j] || matches[i][j - 1]
                case "?": matches[i][j] = matches[i - 1][j - 1]
                default: matches[i][j] = matches[i - 1][j - 1] && p[i - 1] == t[j - 1]
                }
            }
        }
        return matches[p.count][t.count]
    }

    private func rewrite(_ path: String) {
        let encoder = JSONEncoder()
        let lines = entries.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
