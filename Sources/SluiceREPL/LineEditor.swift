import Foundation
import Glibc

/// Reads one line from a terminal in raw mode, with editing keys and history:
/// ←/→ (Ctrl-B/F), Home/End (Ctrl-A/E), Alt-B/F and Ctrl-←/→ by word,
/// Backspace, Delete, Ctrl-K/U/W to cut, ↑/↓ (Ctrl-P/N) through history,
/// Ctrl-L to clear the screen, Ctrl-C to drop the line, Ctrl-D on an empty
/// line to end input, Tab to complete the word before the cursor (or indent),
/// Ctrl-R to search the history.
struct LineEditor {
    /// How reading a line ended.
    enum Outcome: Equatable {
        case line(String)
        case interrupted
        case endOfInput
    }

    var history: History
    /// The completions at a cursor (in Unicode scalars) in a whole entry; Tab only indents without it.
    var completer: ((String, Int) -> (matches: [String], start: Int, end: Int))?

    private var buffer: [Character] = []
    private var cursor = 0
    private var prompt = ""
    /// Position in history while browsing (== entries.count when editing a new line).
    private var historyIndex = 0
    private var draft: [Character] = []
    /// The rows the last drawing took and the row of the cursor in it, counted from its first row.
    private var drawnRows = 1
    private var drawnCursorRow = 0

    init(history: History) {
        self.history = history
    }

    /// The lines of the entry typed before this one, for completion.
    private var entrySoFar = ""

    /// Reads a line after `prompt`; `entrySoFar` holds the earlier lines of a multi-line entry.
    mutating func readLine(prompt: String, entrySoFar: String = "") -> Outcome {
        self.prompt = prompt
        self.entrySoFar = entrySoFar
        buffer = []
        cursor = 0
        historyIndex = history.entries.count
        draft = []
        drawnRows = 1
        drawnCursorRow = 0
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var raw = original
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        tcsetattr(STDIN_FILENO, TCSADRAIN, &raw)
        defer { tcsetattr(STDIN_FILENO, TCSADRAIN, &original) }
        refresh()
        while true {
            guard let byte = readByte() else { return finish(.endOfInput) }
            switch byte {
            case 13, 10:
                return finish(.line(String(buffer)))
            case 3:
                cursor = buffer.count
                refresh()
                write("^C")
                return finish(.interrupted)
            case 4:
                if buffer.isEmpty { return finish(.endOfInput) }
                deleteForward()
            case 127, 8: deleteBackward()
            case 1: cursor = 0
            case 5: cursor = buffer.count
            case 2: cursor = max(0, cursor - 1)
            case 6: cursor = min(buffer.count, cursor + 1)
            case 11: buffer.removeSubrange(cursor...)
            case 21:
                buffer.removeSubrange(..<cursor)
                cursor = 0
            case 23:
                let start = wordStart(before: cursor)
                buffer.removeSubrange(start..<cursor)
                cursor = start
            case 18:
                if searchHistory() { return finish(.line(String(buffer))) }
            case 12:
                write("\u{1B}[H\u{1B}[2J")
                drawnCursorRow = 0
            case 16: recallHistory(by: -1)
            case 14: recallHistory(by: 1)
            case 27: handleEscape()
            case 9: completeWord()
            default:
                if byte >= 32, let character = readCharacter(startingWith: byte) { insert(String(character)) }
            }
            refresh()
        }
    }

    // MARK: - Editing

    private mutating func insert(_ text: String) {
        buffer.insert(contentsOf: text, at: cursor)
        cursor += text.count
    }

    /// Ctrl-R: searches the history backwards for the typed text, newest first. Ctrl-R again finds an older
    /// match; Enter runs the match (returns true); Esc or an arrow key takes it into the line to edit;
    /// Ctrl-G or Ctrl-C goes back to the line as it was.
    private mutating func searchHistory() -> Bool {
        var query = ""
        var found: Int? = nil
        let saved = (buffer, cursor)
        func find(before limit: Int) -> Int? {
            guard !query.isEmpty else { return nil }
            return history.entries[..<limit].lastIndex { $0.contains(query) }
        }
        while true {
            let match = found.map { history.entries[$0] } ?? ""
            let failed = !query.isEmpty && found == nil ? "failing " : ""
            draw(prefix: "(\(failed)history search) `\(query)': ", text: Array(match), cursor: match.count)
            guard let byte = readByte() else { return false }
            switch byte {
            case 18: found = find(before: found ?? history.entries.count) ?? found
            case 7, 3:
                (buffer, cursor) = saved
                return false
            case 13, 10, 27:
                if let found {
                    buffer = Array(history.entries[found])
                    cursor = buffer.count
                    historyIndex = found
                }
                // An arrow key (Esc [ X) ends the search as a lone Esc does; its bytes arrive together.
                if byte == 27, readByte(arrivingWithinMilliseconds: 50) == UInt8(ascii: "[") { _ = readByte() }
                return byte != 27 && found != nil
            case 127, 8:
                query = String(query.dropLast())
                found = find(before: history.entries.count)
            default:
                if byte >= 32, let character = readCharacter(startingWith: byte) {
                    query.append(character)
                    found = find(before: (found ?? history.entries.count - 1) + 1)
                }
            }
        }
    }

    /// Tab: after a blank, indents; otherwise completes the word before the cursor to the one match, or to
    /// the matches' longest common start, or lists the matches under the line when that adds nothing.
    private mutating func completeWord() {
        guard let completer, let previous = buffer[..<cursor].last, !previous.isWhitespace else {
            insert("  ")
            return
        }
        let before = entrySoFar.isEmpty ? "" : entrySoFar + "\n"
        let left = before + String(buffer[..<cursor])
        let found = completer(before + String(buffer), left.unicodeScalars.count)
        guard let first = found.matches.first else { return }
        // The typed part: the last (end - start) scalars before the cursor, on this line.
        var typedStart = cursor, scalars = 0
        while typedStart > 0, scalars < found.end - found.start {
            typedStart -= 1
            scalars += buffer[typedStart].unicodeScalars.count
        }
        let typed = String(buffer[typedStart..<cursor])
        let common = found.matches.dropFirst().reduce(first) { prefix, match in String(zip(prefix, match).prefix { $0 == $1 }.map(\.0)) }
        if common.count > typed.count, common.hasPrefix(typed) {
            buffer.replaceSubrange(typedStart..<cursor, with: Array(common))
            cursor = typedStart + common.count
        } else if found.matches.count > 1 {
            moveBelowDrawing()
            write(found.matches.joined(separator: "  ") + "\r\n")
        }
    }

    private mutating func deleteBackward() {
        guard cursor > 0 else { return }
        cursor -= 1
        buffer.remove(at: cursor)
    }

    private mutating func deleteForward() {
        guard cursor < buffer.count else { return }
        buffer.remove(at: cursor)
    }

    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, !isWordCharacter(buffer[index - 1]) { index -= 1 }
        while index > 0, isWordCharacter(buffer[index - 1]) { index -= 1 }
        return index
    }

    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < buffer.count, !isWordCharacter(buffer[index]) { index += 1 }
        while index < buffer.count, isWordCharacter(buffer[index]) { index += 1 }
        return index
    }

    private func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }

    private mutating func recallHistory(by step: Int) {
        let target = historyIndex + step
        guard target >= 0, target <= history.entries.count else { return }
        if historyIndex == history.entries.count { draft = buffer }
        historyIndex = target
        buffer = target == history.entries.count ? draft : Array(history.entries[target])
        cursor = buffer.count
    }

    /// Escape sequences: arrows, Home/End, Delete, and word moves.
    private mutating func handleEscape() {
        guard let next = readByte() else { return }
        switch next {
        case UInt8(ascii: "b"): cursor = wordStart(before: cursor)
        case UInt8(ascii: "f"): cursor = wordEnd(after: cursor)
        case UInt8(ascii: "["), UInt8(ascii: "O"):
            var parameters = ""
            var final: UInt8 = 0
            while let byte = readByte() {
                if (0x40...0x7E).contains(byte) {
                    final = byte
                    break
                }
                parameters.append(Character(UnicodeScalar(byte)))
            }
            let withControl = parameters.hasSuffix(";5")
            switch (final, parameters) {
            case (UInt8(ascii: "A"), _): recallHistory(by: -1)
            case (UInt8(ascii: "B"), _): recallHistory(by: 1)
            case (UInt8(ascii: "C"), _): cursor = withControl ? wordEnd(after: cursor) : min(buffer.count, cursor + 1)
            case (UInt8(ascii: "D"), _): cursor = withControl ? wordStart(before: cursor) : max(0, cursor - 1)
            case (UInt8(ascii: "H"), _), (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): cursor = 0
            case (UInt8(ascii: "F"), _), (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): cursor = buffer.count
            case (UInt8(ascii: "~"), "3"): deleteForward()
            default: break
            }
        default: break
        }
    }

    // MARK: - Terminal

    /// Draws the prompt and the line, with the cursor in place.
    private mutating func refresh() {
        draw(prefix: prompt, text: buffer, cursor: cursor)
    }

    /// Draws `prefix` and `text` over the last drawing, however many rows either takes when the
    /// terminal wraps them, and puts the cursor before `text[cursor]`.
    private mutating func draw(prefix: String, text: [Character], cursor: Int) {
        let layout = ScreenLine(promptWidth: ScreenLine.width(of: prefix), text: text,
                                columns: TerminalSink.terminalWidth() ?? 80)
        // Back to the first row of the last drawing, then clear from there down.
        var output = drawnCursorRow > 0 ? "\u{1B}[\(drawnCursorRow)A" : ""
        output += "\r\u{1B}[J" + prefix + String(text)
        // Text that fills its last row exactly leaves the terminal's cursor on that row: go to the next.
        if layout.end.column == 0, layout.end.row > 0 { output += "\r\n" }
        // From the end of the text to the cursor: left on the same row, else up and across.
        let target = layout.position(ofCursor: cursor)
        if target.row == layout.end.row {
            if layout.end.column > target.column { output += "\u{1B}[\(layout.end.column - target.column)D" }
        } else {
            output += "\u{1B}[\(layout.end.row - target.row)A\r" + (target.column > 0 ? "\u{1B}[\(target.column)C" : "")
        }
        write(output)
        drawnCursorRow = target.row
        drawnRows = layout.rows
    }

    /// Moves the cursor to the start of the row below the drawing, leaving the drawing as it is.
    private mutating func moveBelowDrawing() {
        let down = drawnRows - 1 - drawnCursorRow
        write((down > 0 ? "\u{1B}[\(down)B" : "") + "\r\n")
        drawnCursorRow = 0
        drawnRows = 1
    }

    private mutating func finish(_ outcome: Outcome) -> Outcome {
        moveBelowDrawing()
        return outcome
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let count = read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// The next byte if one arrives within `milliseconds`, else nil.
    private func readByte(arrivingWithinMilliseconds milliseconds: Int32) -> UInt8? {
        var waiting = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&waiting, 1, milliseconds) == 1 ? readByte() : nil
    }

    /// Completes a UTF-8 sequence whose first byte is `first`.
    private func readCharacter(startingWith first: UInt8) -> Character? {
        let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0
        guard length > 0 else { return nil }
        var bytes = [first]
        while bytes.count < length, let next = readByte() { bytes.append(next) }
        return String(validating: bytes, as: UTF8.self)?.first
    }
}
