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


    /// The longest input kept, in UTF-8 bytes: a longer one is not stored (searching and reloading
    /// the history stay cheap).
    static let longestInput = 65_536

    /// Stores an input of this session and appends it to the file; one over ``longestInput`` is not kept.
    public func record(line: Int, input: String) {
        guard input.utf8.count <= Self.longestInput else { return }
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

    /// Whether `text` matches the glob `pattern` in full: greedy, going back to the last `*` on a
    /// mismatch, in constant memory.
    static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var (i, j) = (0, 0)
        var lastStar: (pattern: Int, text: Int)?
        while j < t.count {
            if i < p.count, p[i] == "?" || (p[i] != "*" && p[i] == t[j]) {
                i += 1
                j += 1
            } else if i < p.count, p[i] == "*" {
                lastStar = (i, j)
                i += 1
            } else if let star = lastStar {
                // The last `*` takes one more character.
                lastStar = (star.pattern, star.text + 1)
                (i, j) = (star.pattern + 1, star.text + 1)
            } else {
                return false
            }
        }
        while i < p.count, p[i] == "*" { i += 1 }
        return i == p.count
    }

    private func rewrite(_ path: String) {
        let encoder = JSONEncoder()
        let lines = entries.compactMap { try? encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        try? (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }
}
