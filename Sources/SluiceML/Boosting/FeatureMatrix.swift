import SluiceData

/// Numeric features, column by column, as the single-precision values trees
/// compare (as XGBoost does); a missing value is NaN.
public struct FeatureMatrix: Sendable {
    public let names: [String]
    public let rowCount: Int
    /// `columns[feature][row]`.
    public let columns: [[Float]]

    public init(names: [String], columns: [[Float]]) {
        self.names = names
        self.columns = columns
        rowCount = columns.first?.count ?? 0
    }

    /// The rows in `range`, every column.
    public func rows(_ range: Range<Int>) -> FeatureMatrix {
        FeatureMatrix(names: names, columns: columns.map { Array($0[range]) })
    }

    /// The features of `table`, in `names` order (every column when nil).
    /// Integer, float and boolean columns are features; other kinds are an error.
    /// Columns are converted on every core (a small table's on one: waking the others costs more).
    public init(table: Table, names: [String]? = nil) throws(ModelError) {
        let chosen = names ?? table.columnNames
        var sources: [Column] = []
        for name in chosen {
            guard let column = table.column(named: name) else { throw .missingFeature(name) }
            if !column.kind.isNumeric, column.kind != .boolean { throw .nonNumericFeature(name, column.kind) }
            sources.append(column)
        }
        let converted = SharedBuffer<[Float]>(repeating: [], count: sources.count)
        let columnsToConvert = sources
        parallelFor(columnsToConvert.count, threads: table.rowCount < 16_384 ? 1 : defaultThreadCount) { index in
            switch columnsToConvert[index].values {
            case .integer(let values, let missing):
                converted[index] = missing.missingCount == 0 ? values.map { Float($0) }
                    : values.indices.map { missing.isMissing($0) ? .nan : Float(values[$0]) }
            case .float(let values, let missing):
                converted[index] = missing.missingCount == 0 ? values.map { Float($0) }
                    : values.indices.map { missing.isMissing($0) ? .nan : Float(values[$0]) }
            case .boolean(let values, let missing):
                converted[index] = values.indices.map { missing.isMissing($0) ? .nan : (values[$0] ? 1 : 0) }
            case .categorical, .text, .datetime:
                preconditionFailure("checked above")
            }
        }
        self.init(names: chosen, columns: converted.array)
    }
}

/// Why a model cannot be trained or used.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    case missingFeature(String)
    case nonNumericFeature(String, ColumnKind)
    case invalidTarget(String)
    case invalidParameter(String)
    case emptyTrainingSet
    case interrupted

    public var description: String {
        switch self {
        case .missingFeature(let name): "the table has no column `\(name)`, which the model needs"
        case .nonNumericFeature(let name, .datetime):
            "`\(name)` is a datetime column; take it apart with a recipe (dateparts) or drop it"
        case .nonNumericFeature(let name, let kind):
            "`\(name)` is a \(kind.rawValue) column; encode it with a recipe (encode onehot) or drop it"
        case .invalidTarget(let message), .invalidParameter(let message): message
        case .emptyTrainingSet: "the training table has no rows"
        case .interrupted: "interrupted"
        }
    }
}
