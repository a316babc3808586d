import SluiceData

/// The `{ }` options of `load`: `delimiter`, `header`, `null`, `types`, `on_error`, `threads`.
enum LoadOptions {
    static let names = ["delimiter", "header", "null", "types", "on_error", "threads"]

    static func csvOptions(
        from options: [Setting], evaluate: (Expression) throws(Diagnostic) -> Value
    ) throws(Diagnostic) -> CSVOptions {
        var csv = CSVOptions()
        for option in options {
            let value = try evaluate(option.value)
            switch (option.name.text, value) {
            case ("delimiter", .string(let text)) where text.utf8.count == 1 && text.utf8.first! < 0x80:
                csv.delimiter = text.utf8.first!
            case ("header", .boolean(let flag)):
                csv.hasHeader = flag
            case ("null", .string(let token)):
                csv.nullTokens = [token]
            case ("null", .list(let items)):
                var tokens: Set<String> = []
                for item in items {
                    guard case .string(let token) = item else { throw wrongType(option, "a list of strings") }
                    tokens.insert(token)
                }
                csv.nullTokens = tokens
            case ("types", .record(let fields)):
                for (column, kindValue) in fields {
                    if case .string(let pattern) = kindValue, pattern.contains("%") {
                        // A datetime written by a strftime-style pattern: { when = "%d/%m/%Y" }.
                        if let problem = DateTimeParser.patternProblem(pattern) {
                            throw Diagnostic(.type, "the date pattern \"\(pattern)\" for `\(column)` \(problem)", span: option.value.span,
                                             label: "not a date pattern", help: "the directives are \(DateTimeParser.directives)")
                        }
                        csv.types[column] = .datetime
                        csv.datetimePatterns[column] = pattern
                        continue
                    }
                    guard case .string(let kindName) = kindValue, let kind = ColumnKind(rawValue: kindName) else {
                        throw wrongType(option, "a record of kinds, such as { zip = \"categorical\" } (kinds: \(ColumnKind.allCases.map(\.rawValue).joined(separator: ", ")); a date pattern such as \"%d/%m/%Y\" reads a datetime)")
                    }
                    csv.types[column] = kind
                }
            case ("threads", .number(let count)) where count == count.rounded() && count >= 1 && count <= 1024:
                csv.threads = Int(count)
            case ("threads", _):
                throw wrongType(option, "a whole number of threads from 1 to 1024")
            case ("on_error", .string(let policy)) where CSVErrorPolicy(rawValue: policy) != nil:
                csv.onError = CSVErrorPolicy(rawValue: policy)!
            case ("types", _):
                throw wrongType(option, "a record of kinds, such as { zip = \"categorical\" }")
            case ("on_error", _):
                throw wrongType(option, "\"fail\" or \"skip\"")
            case ("delimiter", _):
                throw wrongType(option, "a one-character string such as \";\"")
            case ("header", _):
                throw wrongType(option, "true or false")
            case ("null", _):
                throw wrongType(option, "a string or a list of strings")
            default:
                throw Diagnostic(.name, "unknown option `\(option.name.text)` for `load`", span: option.name.span,
                                 label: "not an option of load",
                                 help: didYouMean(option.name.text, among: names)
                                    ?? "the options are \(names.map { "`\($0)`" }.joined(separator: ", "))")
            }
        }
        return csv
    }

    private static func wrongType(_ option: Setting, _ expected: String) -> Diagnostic {
        Diagnostic(.type, "`\(option.name.text)` must be \(expected)", span: option.value.span, label: "expected \(expected)")
    }
}
