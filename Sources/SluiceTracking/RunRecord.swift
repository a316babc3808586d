import Foundation

/// What kind of work a run was.
public enum RunKind: String, Sendable, Encodable, CaseIterable {
    case train, tune, trial, crossvalidate, evaluate
}

/// The data a run learned from or measured on: where it came from and what it held.
public struct RunData: Sendable, Encodable, Equatable {
    /// The file, folder or `s3://` URI the table was loaded from, when known.
    public var source: String?
    /// The session's name for the table (`train_set`), when it was a bound name.
    public var table: String?
    /// The values' fingerprint (FNV-1a over names, kinds and values), as the model's lineage has it.
    public var fingerprint: String
    public var rows: Int
    public var columns: Int

    public init(source: String?, table: String?, fingerprint: String, rows: Int, columns: Int) {
        self.source = source
        self.table = table
        self.fingerprint = fingerprint
        self.rows = rows
        self.columns = columns
    }
}

/// Where a statement came from: the notebook, script or REPL (its experiment) and the place in it.
public struct RunOrigin: Sendable, Encodable, Equatable {
    /// `notebook`, `script` or `repl`.
    public var kind: String
    /// The experiment the run belongs to: the notebook's or script's file name, or `repl`.
    public var experiment: String
    /// The place: `cell 4, line 2`, `line 12`, `entry 3`.
    public var place: String

    public init(kind: String, experiment: String, place: String) {
        self.kind = kind
        self.experiment = experiment
        self.place = place
    }
}

/// One recorded run (written as JSON by `JSONEncoder`, read back by ``RunLog``): a `train`, `tune` (its trials are child runs), `crossvalidate` or `evaluate`.
public struct RunRecord: Sendable, Encodable, Equatable {
    /// Unique and sortable by time: 12 hex digits of milliseconds since 1970, `-`, 8 random hex digits.
    public var id: String
    /// The tuning run a trial belongs to.
    public var parent: String?
    public var kind: RunKind
    public var origin: RunOrigin
    /// The statement's text as written.
    public var statement: String
    public var startedAt: Date
    public var seconds: Double
    /// `xgboost`, `linear-learner`, `kmeans`; several for an `evaluate` of models of different algorithms.
    public var algorithm: String?
    /// The models' names for `evaluate` (as bound), in order.
    public var models: [String]?
    public var target: String?
    /// Every parameter of the algorithm, defaults included, as text.
    public var parameters: [String: String]
    /// The parameters the statement set (or the search chose), a subset of ``parameters``' names.
    public var given: [String]
    /// The recipe's steps: `impute median [x] | scale standard`, empty for none.
    public var recipe: String
    public var data: RunData?
    /// Final metrics by name: `training_logloss`, `validation_auc` (training); `auc`, `auc_std` (held out).
    public var metrics: [String: Double]
    /// The model versions stored from the run's model (`churn v3`), filled in from the log's links.
    public var versions: [ModelVersionLink]
    public var user: String
    public var host: String
    /// The MLflow run this run was also logged as, when a tracking server took it.
    public var mlflowRunID: String?

    public init(id: String = RunRecord.newID(), parent: String? = nil, kind: RunKind, origin: RunOrigin, statement: String,
                startedAt: Date, seconds: Double, algorithm: String? = nil, models: [String]? = nil, target: String? = nil,
                parameters: [String: String] = [:], given: [String] = [], recipe: String = "", data: RunData? = nil,
                metrics: [String: Double] = [:], user: String = RunRecord.currentUser, host: String = RunRecord.currentHost) {
        self.id = id
        self.parent = parent
        self.kind = kind
        self.origin = origin
        self.statement = statement
        self.startedAt = startedAt
        self.seconds = seconds
        self.algorithm = algorithm
        self.models = models
        self.target = target
        self.parameters = parameters
        self.given = given
        self.recipe = recipe
        self.data = data
        self.metrics = metrics
        versions = []
        self.user = user
        self.host = host
    }

    /// A new run id: the time now in milliseconds (12 hex digits, so ids sort by time) and 32 random bits.
    public static func newID(at date: Date = Date()) -> String {
        let milliseconds = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let time = String(milliseconds, radix: 16)
        let random = String(UInt32.random(in: .min ... .max), radix: 16)
        return String(repeating: "0", count: max(0, 12 - time.count)) + time + "-"
            + String(repeating: "0", count: 8 - random.count) + random
    }

    /// The user running this process (`$USER`, else the account's name).
    public static let currentUser: String = {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return ProcessInfo.processInfo.userName
    }()

    public static let currentHost = ProcessInfo.processInfo.hostName

    private enum CodingKeys: String, CodingKey {
        case id, parent, kind, origin, statement, startedAt = "started_at", seconds, algorithm, models, target, parameters, given,
             recipe, data, metrics, versions, user, host, mlflowRunID = "mlflow_run_id"
    }
}

/// A model version stored from a run's model (`save … as`, `deploy`).
public struct ModelVersionLink: Sendable, Encodable, Equatable, CustomStringConvertible {
    /// The run whose model it is.
    public var run: String
    public var model: String
    public var version: Int
    public var at: Date

    public init(run: String, model: String, version: Int, at: Date = Date()) {
        self.run = run
        self.model = model
        self.version = version
        self.at = at
    }

    /// `churn v3`.
    public var description: String { "\(model) v\(version)" }
}
