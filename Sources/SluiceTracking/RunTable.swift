import SluiceData

/// Runs as a table, as `runs` shows them: the latest first; what each run was, where it came from and what
/// it made, then a column per metric and per parameter that a run set. Built in one pass over the runs
/// (`runs` reads every run in the store: 10,000 of them take a few milliseconds here).
public enum RunTable {
    /// The columns every run has, in order; metric and parameter columns follow.
    public static let fixedColumns = ["id", "started", "kind", "algorithm", "target", "models", "statement", "origin", "experiment",
                                      "data", "rows", "seconds", "model", "parent", "user", "host"]

    /// The table of `runs` (given oldest first, as ``RunLog/runs()`` reads them), latest first. Metric columns
    /// come in the order the latest runs first name them; parameter columns are those set by at least one run
    /// (a name already taken gets `param_` before it).
    public static func table(of runs: [RunRecord]) -> Table {
        let count = runs.count
        var texts = [[String?]](repeating: [], count: 13)
        for index in texts.indices { texts[index].reserveCapacity(count) }
        var started: [Int64] = [], rows: [Int64?] = [], seconds: [Double] = []
        started.reserveCapacity(count)
        rows.reserveCapacity(count)
        seconds.reserveCapacity(count)
        var metrics = SparseColumns<Double>(rows: count), parameters = SparseColumns<String>(rows: count)
        for (row, run) in runs.reversed().enumerated() {
            texts[0].append(run.id)
            texts[1].append(run.kind.rawValue)
            texts[2].append(run.algorithm)
            texts[3].append(run.target)
            texts[4].append(run.statement)
            texts[5].append(run.origin.place)
            texts[6].append(run.origin.experiment)
            texts[7].append(run.data.map { $0.table ?? $0.source ?? $0.fingerprint })
            texts[8].append(run.versions.isEmpty ? nil : run.versions.map(\.description).joined(separator: ", "))
            texts[9].append(run.parent)
            texts[10].append(run.user)
            texts[11].append(run.host)
            texts[12].append(run.models?.joined(separator: ", "))
            started.append(Int64((run.startedAt.timeIntervalSince1970 * 1e6).rounded()))
            rows.append(run.data.map { Int64($0.rows) })
            seconds.append(run.seconds)
            for (name, value) in run.metrics { metrics.set(name, row: row, to: value) }
            for name in run.given { if let value = run.parameters[name] { parameters.set(name, row: row, to: value) } }
        }
        func text(_ name: String, _ index: Int) -> Column {
            let values = texts[index]
            return Column(name: name, values: .text(values.map { $0 ?? "" }, missing: MissingMask(missingRows: values.indices.filter { values[$0] == nil })))
        }
        var columns: [Column] = [
            text("id", 0),
            Column(name: "started", values: .datetime(started, missing: MissingMask())),
            text("kind", 1), text("algorithm", 2), text("target", 3), text("models", 12), text("statement", 4), text("origin", 5), text("experiment", 6),
            text("data", 7),
            Column(name: "rows", values: .integer(rows.map { $0 ?? 0 }, missing: MissingMask(missingRows: rows.indices.filter { rows[$0] == nil }))),
            Column(name: "seconds", values: .float(seconds, missing: MissingMask())),
            text("model", 8), text("parent", 9), text("user", 10), text("host", 11),
        ]
        var taken = Set(fixedColumns)
        for (name, values, missing) in metrics.columns() where taken.insert(name).inserted {
            columns.append(Column(name: name, values: .float(values.map { $0 ?? 0 }, missing: missing)))
        }
        for (parameter, values, missing) in parameters.columns() {
            let name = taken.contains(parameter) ? "param_" + parameter : parameter
            guard taken.insert(name).inserted else { continue }
            // Numbers when every value given is one, else text.
            let numbers = values.map { $0.flatMap(Double.init) }
            if zip(values, numbers).allSatisfy({ $0 == nil || $1 != nil }) {
                columns.append(Column(name: name, values: .float(numbers.map { $0 ?? 0 }, missing: missing)))
            } else {
                columns.append(Column(name: name, values: .text(values.map { $0 ?? "" }, missing: missing)))
            }
        }
        return try! Table(columns: columns)
    }
}

/// Columns that rows fill by name, each missing where its rows gave nothing, ordered by the first row that
/// named them (ties by name).
private struct SparseColumns<Value> {
    let rows: Int
    private var values: [String: [Value?]] = [:]
    private var firstRow: [String: Int] = [:]

    init(rows: Int) {
        self.rows = rows
    }

    mutating func set(_ name: String, row: Int, to value: Value) {
        if values[name] == nil {
            values[name] = [Value?](repeating: nil, count: rows)
            firstRow[name] = row
        }
        values[name]![row] = value
    }

    func columns() -> [(name: String, values: [Value?], missing: MissingMask)] {
        firstRow.keys.sorted { (firstRow[$0]!, $0) < (firstRow[$1]!, $1) }.map { name in
            let column = values[name]!
            return (name, column, MissingMask(missingRows: column.indices.filter { column[$0] == nil }))
        }
    }
}
