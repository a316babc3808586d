/// Why monitoring could not run.
public enum MonitoringError: Error, Equatable, CustomStringConvertible {
    case noData(String)
    case cannotWrite(String)
    case badConstraints(String)

    public var description: String {
        switch self {
        case .noData(let reason), .cannotWrite(let reason), .badConstraints(let reason): reason
        }
    }
}
