/// Why a batch transform stopped; no output file is left under the final name.
public enum TransformError: Error, Equatable, CustomStringConvertible {
    case unreadable(String)
    case badInput(String)
    case cannotWrite(String)
    case interrupted(rowsDone: Int)

    public var description: String {
        switch self {
        case .unreadable(let reason), .badInput(let reason), .cannotWrite(let reason): reason
        case .interrupted(let rows): "interrupted after \(rows) rows; no output was written"
        }
    }
}
