import SluiceML

extension Setting {
    /// The span from the name to the value.
    var span: SourceSpan { name.span.merged(with: value.span) }
}

/// The `{ }` of `train` and `tune` as an algorithm's parameters: the values evaluated, and the
/// algorithm's complaints (``ParameterError``) turned into diagnostics at the setting they concern.
enum AlgorithmSettings {
    /// The algorithm's configuration from `settings`, for training on `rows` rows.
    static func configuration(_ algorithm: Algorithm, _ settings: [Setting], span: SourceSpan, rows: Int = .max,
                              evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) -> AlgorithmConfiguration {
        let values = try parameterSettings(settings, evaluate: evaluate)
        do {
            return try algorithm.configuration(values, rows: rows)
        } catch {
            throw diagnostic(error, algorithm: algorithm, settings: settings, span: span)
        }
    }

    /// The settings' values, as the engine takes them.
    static func parameterSettings(_ settings: [Setting],
                                  evaluate: (Expression) throws(Diagnostic) -> Value) throws(Diagnostic) -> [ParameterSetting] {
        var values: [ParameterSetting] = []
        for setting in settings {
            let value: ParameterValue = switch try evaluate(setting.value) {
            case .number(let x): .number(x)
            case .string(let s): .text(s)
            case .table(let table): .table(table)
            case let other: .other(description: valueDescription(other))
            }
            values.append(ParameterSetting(setting.name.text, value))
        }
        return values
    }

    /// An engine's complaint about a parameter, at the place in the source it concerns (`span` when no
    /// setting is to blame).
    static func diagnostic(_ error: ParameterError, algorithm: Algorithm, settings: [Setting], span: SourceSpan) -> Diagnostic {
        func setting(_ name: String) -> Setting? { settings.first { $0.name.text == name } }
        var place = span
        switch error.place {
        case .name(let name): place = setting(name)?.name.span ?? span
        case .value(let name): place = setting(name)?.value.span ?? span
        case .setting(let name): place = setting(name)?.span ?? span
        case .all: break
        }
        var help = error.help
        if error.isUnknownName, case .name(let name) = error.place {
            let known = algorithm.parameterNames
            help = didYouMean(name, among: known) ?? "parameters: " + known.joined(separator: ", ")
        }
        return Diagnostic(error.isUnknownName ? .name : .type, error.message, span: place, label: error.label, help: help)
    }

    /// The error for a parameter `algorithm` does not take, with the closest one or the list.
    static func unknown(_ name: Name, algorithm: Algorithm) -> Diagnostic {
        diagnostic(ParameterError.unknownParameter(name.text, of: algorithm), algorithm: algorithm, settings: [], span: name.span)
    }
}
