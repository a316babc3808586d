/// Reads standard input line by line with lookahead, so that a complete entry
/// still takes the lines after it when the next non-blank one starts with `|`
/// (the language's rule for continuing a pipeline on the next line).
struct LookaheadLineReader {
    private var pending: [String] = []
    private let readLine: () -> String?

    init(readLine: @escaping () -> String? = { Swift.readLine() }) {
        self.readLine = readLine
    }

    /// The next line, or nil at the end of input.
    mutating func next() -> String? {
        pending.isEmpty ? readLine() : pending.removeFirst()
    }

    /// Whether the next non-blank line continues a pipeline (starts with `|`).
    mutating func nextNonBlankStartsWithPipe() -> Bool {
        var index = 0
        while true {
            if index == pending.count {
                guard let line = readLine() else { return false }
                pending.append(line)
            }
            let trimmed = pending[index].drop { $0 == " " || $0 == "\t" }
            if !trimmed.isEmpty { return trimmed.first == "|" }
            index += 1
        }
    }
}
