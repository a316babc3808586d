extension Table {
    /// The first of each set of equal rows, in their order; missing values equal each other.
    public func distinctRows() -> Table {
        gathering(Self.groupNumbers(of: columns, rowCount: rowCount).firstRows)
    }
}

extension Column {
    /// A number per row, equal for equal values and distinct otherwise; -1 for missing.
    func valueCodes() -> [Int] {
        func numbered<Value: Hashable>(_ values: [Value], missing: MissingMask) -> [Int] {
            var codes: [Value: Int] = [:]
            return values.indices.map { row in
                if missing.isMissing(row) { return -1 }
                if let code = codes[values[row]] { return code }
                codes[values[row]] = codes.count
                return codes.count - 1
            }
        }
        switch values {
        case .integer(let values, let missing): return numbered(values, missing: missing)
        // 0 and -0 are one value.
        case .float(let values, let missing): return numbered(values.map { $0 == 0 ? 0 : $0.bitPattern }, missing: missing)
        case .boolean(let values, let missing): return numbered(values, missing: missing)
        case .text(let values, let missing): return numbered(values, missing: missing)
        case .categorical(let codes, let levels):
            // Levels may in principle repeat a text: number the texts, not the codes.
            let levelCodes = levels.isEmpty ? [] : numbered(levels, missing: MissingMask())
            return codes.map { $0 < 0 ? -1 : levelCodes[Int($0)] }
        }
    }
}
