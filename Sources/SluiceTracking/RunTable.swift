import SluiceData

/// Runs as a table, as `runs` shows them: the latest first; what each run was, where it came from and what
/// it made, then a column per metric and per parameter that a run set.
public enum RunTable {
    /// The columns every run has, in order; metric and parameter columns follow.
    public static let fixedColumns = ["id", "started", "kind", "algorithm", "target", "statement", "origin", "experiment", "data",
                                      "rows", "seconds", "model", "parent", "user", "host"]

    /// The table of `runs` (given oldest first, as ``RunLog/runs()`` reads them), latest first. Metric columns come in the order the latest runs first name them;
    /// parameter columns are those set by at least one run (a name already taken gets `param_` before it).
    public static func table(of runs: [RunRecord]) -> Table {
        let latestFirst = Array(runs.reversed())
        let none = MissingMask()
        func text(_ name: String, _ value: (RunRecord) -> String?) -> Column {
            let values = latestFirst.map(value)
            let missing = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
            return Column(name: name, values: .text(values.map { $0 ?? "" }, missing: missing))
        }
        var columns: [Column] = [
            text("id") { $0.id },
            Column(name: "started", values: .datetime(latestFirst.map { Int64(($0.startedAt.timeIntervalSince1970 * 1e6).rounded()) },
                                                      missing: none)),
            text("kind") { $0.kind.rawValue },
            text("algorithm") { $0.algorithm },
            text("target") { $0.target },
            text("statement") { $0.statement },
            text("origin") { $0.origin.place },
            text("experiment") { $0.origin.experiment },
            text("data") { $0.data.map { $0.table ?? $0.source ?? $0.fingerprint } },
            Column(name: "rows", values: .integer(latestFirst.map { Int64($0.data?.rows ?? 0) },
                                                  missing: MissingMask(missingRows: latestFirst.indices.filter { latestFirst[$0].data == nil }))),
            Column(name: "seconds", values: .float(latestFirst.map(\.seconds), missing: none)),
            text("model") { $0.versions.isEmpty ? nil : $0.versions.map(\.description).joined(separator: ", ") },
            text("parent") { $0.parent },
            text("user") { $0.user },
            text("host") { $0.host },
        ]
        var taken = Set(fixedColumns)
        for metric in orderedNames(latestFirst.map { $0.metrics.keys.sorted() }) where taken.insert(metric).inserted {
            let values = latestFirst.map { $0.metrics[metric] }
            columns.append(Column(name: metric, values: .float(values.map { $0 ?? 0 },
                                                               missing: MissingMask(missingRows: values.indices.filter { values[$0] == nil }))))
        }
        for parameter in orderedNames(latestFirst.map { $0.given }) {
            let name = taken.contains(parameter) ? "param_" + parameter : parameter
            guard taken.insert(name).inserted else { continue }
            columns.append(parameterColumn(name, values: latestFirst.map { $0.given.contains(parameter) ? $0.parameters[parameter] : nil }))
        }
        return try! Table(columns: columns)
    }

    /// Names in the order they first appear.
    private static func orderedNames(_ lists: [[String]]) -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        for list in lists { for name in list where seen.insert(name).inserted { names.append(name) } }
        return names
    }

    /// A parameter's values: numbers when every value given is one, else text.
    private static func parameterColumn(_ name: String, values: [String?]) -> Column {
        let missing = MissingMask(missingRows: values.indices.filter { values[$0] == nil })
        let numbers = values.map { $0.flatMap(Double.init) }
        if zip(values, numbers).allSatisfy({ $0 == nil || $1 != nil }) {
            return Column(name: name, values: .float(numbers.map { $0 ?? 0 }, missing: missing))
        }
        return Column(name: name, values: .text(values.map { $0 ?? "" }, missing: missing))
    }
}
