import Foundation

/// The run log's lines read with ``JSONScanner``: the same fields `JSONEncoder` wrote (``RunRecord``'s coding
/// keys), members in any order, unknown ones passed over (a newer writer's), missing optional ones nil.
extension RunLog.Entry {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Malformed) {
        var run: RunRecord?, link: ModelVersionLink?
        try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in
            switch key {
            case "run": if try !scanner.null() { run = try RunRecord(scanning: &scanner) }
            case "link": if try !scanner.null() { link = try ModelVersionLink(scanning: &scanner) }
            default: try scanner.skipValue()
            }
        }
        self.init(run: run, link: link)
    }
}

extension RunRecord {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Malformed) {
        var id: String?, kind: RunKind?, origin: RunOrigin?, statement: String?, started: Double?, seconds: Double?
        var user: String?, host: String?
        var record = RunRecord(kind: .train, origin: RunOrigin(kind: "", experiment: "", place: ""), statement: "",
                               startedAt: Date(timeIntervalSince1970: 0), seconds: 0, user: "", host: "")
        try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in
            switch key {
            case "id": id = try scanner.string()
            case "parent": record.parent = try scanner.optionalString()
            case "kind": kind = RunKind(rawValue: try scanner.string())
            case "origin":
                var fields: [String: String] = [:]
                try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in fields[key] = try scanner.string() }
                guard let kind = fields["kind"], let experiment = fields["experiment"], let place = fields["place"] else {
                    throw JSONScanner.Malformed()
                }
                origin = RunOrigin(kind: kind, experiment: experiment, place: place)
            case "statement": statement = try scanner.string()
            case "started_at": started = try scanner.number()
            case "seconds": seconds = try scanner.number()
            case "algorithm": record.algorithm = try scanner.optionalString()
            case "models":
                if try !scanner.null() { record.models = try scanner.strings() }
            case "target": record.target = try scanner.optionalString()
            case "parameters":
                record.parameters.reserveCapacity(24)
                try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in record.parameters[key] = try scanner.string() }
            case "given": record.given = try scanner.strings()
            case "recipe": record.recipe = try scanner.string()
            case "data":
                if try !scanner.null() { record.data = try RunData(scanning: &scanner) }
            case "metrics":
                try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in record.metrics[key] = try scanner.number() }
            case "versions":
                try scanner.array { (scanner) throws(JSONScanner.Malformed) in record.versions.append(try ModelVersionLink(scanning: &scanner)) }
            case "user": user = try scanner.string()
            case "host": host = try scanner.string()
            case "mlflow_run_id": record.mlflowRunID = try scanner.optionalString()
            default: try scanner.skipValue()
            }
        }
        guard let id, let kind, let origin, let statement, let started, let seconds, let user, let host else { throw JSONScanner.Malformed() }
        record.id = id
        record.kind = kind
        record.origin = origin
        record.statement = statement
        record.startedAt = Date(timeIntervalSince1970: started / 1000)
        record.seconds = seconds
        record.user = user
        record.host = host
        self = record
    }
}

extension RunData {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Malformed) {
        var source: String?, table: String?, fingerprint: String?, rows: Int?, columns: Int?
        try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in
            switch key {
            case "source": source = try scanner.optionalString()
            case "table": table = try scanner.optionalString()
            case "fingerprint": fingerprint = try scanner.string()
            case "rows": rows = try scanner.integer()
            case "columns": columns = try scanner.integer()
            default: try scanner.skipValue()
            }
        }
        guard let fingerprint, let rows, let columns else { throw JSONScanner.Malformed() }
        self.init(source: source, table: table, fingerprint: fingerprint, rows: rows, columns: columns)
    }
}

extension ModelVersionLink {
    init(scanning scanner: inout JSONScanner) throws(JSONScanner.Malformed) {
        var run: String?, model: String?, version: Int?, at: Double?
        try scanner.object { (scanner, key) throws(JSONScanner.Malformed) in
            switch key {
            case "run": run = try scanner.string()
            case "model": model = try scanner.string()
            case "version": version = try scanner.integer()
            case "at": at = try scanner.number()
            default: try scanner.skipValue()
            }
        }
        guard let run, let model, let version, let at else { throw JSONScanner.Malformed() }
        self.init(run: run, model: model, version: version, at: Date(timeIntervalSince1970: at / 1000))
    }
}

extension JSONScanner {
    /// A string, or nil for `null`.
    mutating func optionalString() throws(Malformed) -> String? {
        try null() ? nil : try string()
    }

    /// An array of strings.
    mutating func strings() throws(Malformed) -> [String] {
        var items: [String] = []
        try array { (scanner) throws(Malformed) in items.append(try scanner.string()) }
        return items
    }
}
