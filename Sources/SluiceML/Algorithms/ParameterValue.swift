import SluiceData

/// A value given to an algorithm's parameter.
public enum ParameterValue: Sendable, Equatable {
    case number(Double)
    case text(String)
    case table(Table)
    /// Anything else (a boolean, a list, a model): never what a parameter takes; `description` names it.
    case other(description: String)
}

/// `name = value` for an algorithm.
public struct ParameterSetting: Sendable, Equatable {
    public var name: String
    public var value: ParameterValue

    public init(_ name: String, _ value: ParameterValue) {
        self.name = name
        self.value = value
    }
}

/// A parameter that an algorithm cannot take as given: what is wrong, and where to point.
public struct ParameterError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What a message points at.
    public enum Place: Sendable, Equatable {
        /// The parameter's name (`early_stopping_rounds` without a validation table).
        case name(String)
        /// The parameter's value.
        case value(String)
        /// The whole `name = value`.
        case setting(String)
        /// The settings as a whole (a required parameter is missing).
        case all
    }

    /// Whether the name or choice is unknown (else the value is of the wrong type or out of range).
    public var isUnknownName: Bool
    public var place: Place
    public var message: String
    /// A short note under the place.
    public var label: String
    public var help: String?

    public var description: String { message }

    /// A parameter the algorithm does not take (the front end suggests the closest of its parameters).
    public static func unknownParameter(_ name: String, of algorithm: Algorithm) -> ParameterError {
        ParameterError(isUnknownName: true, place: .name(name), message: "unknown parameter `\(name)` for \(algorithm.name)",
                       label: "not a parameter")
    }

    static func wrongType(_ name: String, _ expected: String) -> ParameterError {
        ParameterError(isUnknownName: false, place: .value(name), message: "`\(name)` must be \(expected)", label: "expected \(expected)")
    }

    static func unknownChoice(_ name: String, _ value: String, what: String, plural: String, choices: [String]) -> ParameterError {
        ParameterError(isUnknownName: true, place: .value(name), message: "unknown \(name) \"\(value)\"", label: "not \(what)",
                       help: "\(plural): " + choices.map { "\"\($0)\"" }.joined(separator: ", "))
    }

    /// A value out of range, from the engine's check: it points at the setting whose name the message quotes.
    static func outOfRange(_ error: ModelError, among settings: [ParameterSetting]) -> ParameterError {
        let culprit = settings.first { error.description.contains("`\($0.name)`") }
        return ParameterError(isUnknownName: false, place: culprit.map { .setting($0.name) } ?? .all,
                              message: error.description, label: "out of range")
    }
}

/// Reads typed values out of settings, with the errors of a wrong type.
struct ParameterReader {
    let setting: ParameterSetting

    func number() throws(ParameterError) -> Double {
        guard case .number(let x) = setting.value else { throw .wrongType(setting.name, "a number") }
        return x
    }

    func whole() throws(ParameterError) -> Int {
        guard case .number(let x) = setting.value, x == x.rounded(), x >= 0 else {
            throw .wrongType(setting.name, "a whole number")
        }
        guard x < 1e9 else { throw .wrongType(setting.name, "a whole number below 1,000,000,000") }
        return Int(x)
    }

    func text() throws(ParameterError) -> String {
        guard case .text(let s) = setting.value else { throw .wrongType(setting.name, "text in quotes") }
        return s
    }

    /// Text that names one of `choices`.
    func choice<Choice: RawRepresentable<String> & CaseIterable>(_ type: Choice.Type, what: String,
                                                                  plural: String) throws(ParameterError) -> Choice {
        let given = try text()
        guard let chosen = Choice(rawValue: given) else {
            throw .unknownChoice(setting.name, given, what: what, plural: plural, choices: Choice.allCases.map(\.rawValue))
        }
        return chosen
    }
}
