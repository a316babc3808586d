import SluiceData

extension Column {
    /// The column with missing values replaced by `value`. Integers filled
    /// with a fraction become floats; a categorical column gains the level if new.
    func filled(with value: RecipeValue) -> Column {
        switch (values, value) {
        case (.integer(let numbers, let missing), .number(let fill)) where fill == fill.rounded():
            return Column(name: name, values: .integer(numbers.indices.map { missing.isMissing($0) ? Int64(fill) : numbers[$0] },
                                                       missing: MissingMask()))
        case (.integer(let numbers, let missing), .number(let fill)):
            return Column(name: name, values: .float(numbers.indices.map { missing.isMissing($0) ? fill : Double(numbers[$0]) },
                                                     missing: MissingMask()))
        case (.float(let numbers, let missing), .number(let fill)):
            return Column(name: name, values: .float(numbers.indices.map { missing.isMissing($0) ? fill : numbers[$0] },
                                                     missing: MissingMask()))
        case (.categorical(let codes, var levels), _):
            let text = value.plainText
            let code: Int32
            if let existing = levels.firstIndex(of: text) {
                code = Int32(existing)
            } else {
                code = Int32(levels.count)
                levels.append(text)
            }
            return Column(name: name, values: .categorical(codes: codes.map { $0 < 0 ? code : $0 }, levels: levels))
        case (.text(let texts, let missing), _):
            return Column(name: name, values: .text(texts.indices.map { missing.isMissing($0) ? value.plainText : texts[$0] },
                                                    missing: MissingMask()))
        case (.datetime(let instants, let missing), .text(let text)):
            guard let fill = DateTimeParser.parseISO(text) else { return self }
            return Column(name: name, values: .datetime(instants.indices.map { missing.isMissing($0) ? fill : instants[$0] },
                                                        missing: MissingMask()))
        case (.boolean(let flags, let missing), _):
            let fill = value.plainText == "true" || value == .number(1)
            return Column(name: name, values: .boolean(flags.indices.map { missing.isMissing($0) ? fill : flags[$0] },
                                                       missing: MissingMask()))
        default:
            return self
        }
    }

    /// One 0/1 float column per level, named `name=level`. A missing or unseen value is all zeros.
    func oneHot(levels: [String]) -> [Column] {
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($0.element, $0.offset) })
        var indicators = Array(repeating: Array(repeating: 0.0, count: count), count: levels.count)
        for row in 0..<count {
            if let value = formattedValue(at: row), let level = position[value] { indicators[level][row] = 1 }
        }
        return levels.indices.map { Column(name: "\(name)=\(levels[$0])", values: .float(indicators[$0], missing: MissingMask())) }
    }

    /// The position of each value in `levels`, as a float column; missing and unseen values are missing.
    func ordinal(levels: [String]) -> Column {
        let position = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($0.element, Double($0.offset)) })
        var missing = MissingMask()
        let codes = (0..<count).map { row -> Double in
            if let value = formattedValue(at: row), let code = position[value] { return code }
            missing.markMissing(row)
            return 0
        }
        return Column(name: name, values: .float(codes, missing: missing))
    }

    /// (x − center) / scale as a float column; missing stays missing. Nil for non-numeric columns.
    func scaled(_ affine: AffineScale) -> Column? {
        switch values {
        case .integer(let numbers, let missing):
            return Column(name: name, values: .float(numbers.map { (Double($0) - affine.center) / affine.scale }, missing: missing))
        case .float(let numbers, let missing):
            return Column(name: name, values: .float(numbers.map { ($0 - affine.center) / affine.scale }, missing: missing))
        default:
            return nil
        }
    }
}

extension Column {
    /// One integer column per part, named `name_part`, missing where the datetime is; nil for other kinds.
    func dateParts(_ parts: [DatePart]) -> [Column]? {
        guard case .datetime(let values, let missing) = values else { return nil }
        return parts.map { part in
            Column(name: "\(name)_\(part.rawValue)", values: .integer(values.indices.map { missing.isMissing($0) ? 0 : part.of(values[$0]) },
                                                                  missing: missing))
        }
    }
}

extension RecipeValue {
    /// The value as cell text (numbers without a trailing .0).
    var plainText: String {
        switch self {
        case .number(let value): formatFloat(value)
        case .text(let text): text
        }
    }
}
