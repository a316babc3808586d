import Foundation

/// How `correlation` measures the relation of two columns.
public enum CorrelationMethod: String, Sendable, CaseIterable {
    /// Pearson's r: how well a straight line relates the values.
    case pearson
    /// Spearman's ρ: Pearson's r of the ranks (ties share their mean rank), for any monotonic relation.
    case spearman
}

extension Table {
    /// The correlation of every pair of numeric (and boolean) columns, as pandas' `DataFrame.corr`:
    /// each pair over the rows where both have a value (Spearman ranks within those rows), missing
    /// where a column is constant there or fewer than two rows remain. The result has a `column`
    /// column naming the rows and one float column per numeric column.
    public func correlation(_ method: CorrelationMethod) throws(TableError) -> Table {
        let numeric = columns.filter { $0.kind.isNumeric || $0.kind == .boolean }
        let values: [[Double]] = numeric.map { column in
            switch column.values {
            case .integer(let v, _): v.map(Double.init)
            case .float(let v, _): v
            case .boolean(let v, _): v.map { $0 ? 1 : 0 }
            default: []
            }
        }
        let masks = numeric.map(\.missingMask)
        // A column without missing values is ranked once, for every pair it is in.
        let fullRanks: [[Double]?] = method == .spearman ? numeric.indices.map { masks[$0].missingCount == 0 ? Self.ranks(values[$0]) : nil }
            : Array(repeating: nil, count: numeric.count)
        var matrix = Array(repeating: [Double?](repeating: nil, count: numeric.count), count: numeric.count)
        for i in numeric.indices {
            for j in i..<numeric.count {
                let r: Double?
                if masks[i].missingCount == 0, masks[j].missingCount == 0 {
                    r = Self.pearson(fullRanks[i] ?? values[i], fullRanks[j] ?? values[j])
                } else {
                    let rows = (0..<rowCount).filter { !masks[i].isMissing($0) && !masks[j].isMissing($0) }
                    var x = rows.map { values[i][$0] }, y = rows.map { values[j][$0] }
                    if method == .spearman { (x, y) = (Self.ranks(x), Self.ranks(y)) }
                    r = Self.pearson(x, y)
                }
                matrix[i][j] = r
                matrix[j][i] = r
            }
        }
        var result = [Column(name: "column", values: .text(numeric.map(\.name), missing: MissingMask()))]
        for (index, column) in numeric.enumerated() {
            let cells = matrix.map { $0[index] }
            result.append(Column(name: column.name, values: .float(cells.map { $0 ?? 0 },
                                                                  missing: MissingMask(missingRows: cells.indices.filter { cells[$0] == nil }))))
        }
        return try Table(columns: result)
    }

    /// Pearson's r, with the means first (as pandas' nancorr); nil below two values or for a constant side.
    private static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count >= 2 else { return nil }
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX, dy = y[index] - meanY
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        guard sxx > 0, syy > 0 else { return nil }
        return max(-1, min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Ranks from 1, ties sharing their mean rank (pandas' `rank(method="average")`).
    private static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let shared = Double(start + end) / 2 + 1
            for position in start...end { ranks[order[position]] = shared }
            start = end + 1
        }
        return ranks
    }
}
