/// An edited line as it lies on a terminal that wraps it: which rows it takes and where the cursor
/// is, counted in display columns (a wide character takes two, a combining mark none), so that
/// redrawing can clear exactly the rows the last drawing took and put the cursor back in place.
struct ScreenLine {
    /// The terminal's width in columns.
    let columns: Int
    /// The row and column (from the prompt's first row) of each character's start, and of the end.
    private(set) var positions: [(row: Int, column: Int)] = []
    /// Where the text ends; a column of 0 on a new row when it fills its last row exactly.
    private(set) var end = (row: 0, column: 0)

    /// Lays out `text` after a prompt of `promptWidth` columns on a terminal `columns` wide.
    init(promptWidth: Int, text: [Character], columns: Int) {
        self.columns = max(1, columns)
        var row = promptWidth / self.columns, column = promptWidth % self.columns
        for character in text {
            let width = Self.width(of: character)
            // A character that does not fit in what is left of a row goes to the next, as terminals do.
            if column + width > self.columns {
                row += 1
                column = 0
            }
            positions.append((row, column))
            column += width
        }
        if column >= self.columns {
            row += 1
            column = 0
        }
        end = (row, column)
    }

    /// How many rows the line takes.
    var rows: Int { end.row + 1 }

    /// The row and column of the cursor before character `index` (`text.count` for the end).
    func position(ofCursor index: Int) -> (row: Int, column: Int) {
        index < positions.count ? positions[index] : end
    }

    /// The columns a character takes on a terminal: 2 for East Asian wide and fullwidth characters
    /// and emoji, 0 for a lone mark or format character, else 1. A cluster takes its first scalar's
    /// width (its marks and joiners draw over it).
    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.isASCII { return first.value < 32 || first.value == 127 ? 0 : 1 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(first.value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks (after Markus Kuhn's `wcwidth`, which Swift cannot call
    /// here: the C library's answer also depends on the process's locale).
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
    ]

    /// The width of plain text (no escape sequences) in columns.
    static func width(of text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }
}
