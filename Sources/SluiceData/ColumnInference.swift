/// Chooses a column's kind from its field texts and builds the column.
///
/// The rules, applied to the non-missing values: all whole numbers → integer;
/// all numbers → float; all `true`/`false` (any case) → boolean; otherwise
/// categorical when values repeat (distinct values at most half the
/// non-missing count), else text.
enum ColumnInference {
    static func buildColumn(name: String, texts: [String?]) -> Column {
        let count = texts.count
        var missing = MissingMask()
        for (row, text) in texts.enumerated() where text == nil { missing.markMissing(row, count: count) }

        if let integers = parseAll(texts, missingAs: 0, Int64.init) {
            return Column(name: name, values: .integer(integers, missing: missing))
        }
        if let floats = parseAll(texts, missingAs: 0, parseDouble) {
            return Column(name: name, values: .float(floats, missing: missing))
        }
        if let booleans = parseAll(texts, missingAs: false, parseBoolean) {
            return Column(name: name, values: .boolean(booleans, missing: missing))
        }
        return stringColumn(name: name, texts: texts, missing: missing)
    }

    /// Every text parsed, with `placeholder` for missing ones; nil when any
    /// text does not parse or no value is present.
    private static func parseAll<T>(_ texts: [String?], missingAs placeholder: T, _ parse: (String) -> T?) -> [T]? {
        var values: [T] = []
        values.reserveCapacity(texts.count)
        var sawValue = false
        for text in texts {
            guard let text else {
                values.append(placeholder)
                continue
            }
            guard let value = parse(text) else { return nil }
            sawValue = true
            values.append(value)
        }
        return sawValue ? values : nil
    }

    /// Parses a decimal number; words such as `nan`, `inf` or hex forms are not numbers in a CSV.
    static func parseDouble(_ text: String) -> Double? {
        guard let first = text.utf8.first,
              first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
              !text.utf8.contains(UInt8(ascii: "x")), !text.utf8.contains(UInt8(ascii: "X"))
        else { return nil }
        return Double(text)
    }

    private static func parseBoolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true": true
        case "false": false
        default: nil
        }
    }

    private static func stringColumn(name: String, texts: [String?], missing: MissingMask) -> Column {
        var levelIndex: [String: Int32] = [:]
        var levels: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(texts.count)
        for text in texts {
            guard let text else {
                codes.append(-1)
                continue
            }
            if let code = levelIndex[text] {
                codes.append(code)
            } else {
                let code = Int32(levels.count)
                levelIndex[text] = code
                levels.append(text)
                codes.append(code)
            }
        }
        let present = texts.count - missing.missingCount
        if present > 0, levels.count * 2 <= present {
            return Column(name: name, values: .categorical(codes: codes, levels: levels))
        }
        return Column(name: name, values: .text(texts.map { $0 ?? "" }, missing: missing))
    }
}
