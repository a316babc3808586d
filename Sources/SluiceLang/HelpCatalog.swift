import SluiceDisplay

/// The help the interpreter gives about itself: `help` lists the topics, `help TOPIC` explains one.
/// The same text serves the REPL, the notebook and (later) inspection.
enum HelpCatalog {
    /// One thing to ask about: a statement, a step, an algorithm, a function, a metric or a tuning item.
    struct Topic {
        let name: String
        let group: String
        /// How it is written.
        let usage: String
        let text: String
    }

    static let groups = ["statements", "deployment", "table steps", "recipes", "algorithms", "tuning", "row expressions", "metrics"]

    static let topics: [Topic] = [
        Topic(name: "let", group: "statements", usage: "let name = expr  /  let a, b = TABLE | split 80%",
              text: "Binds a value to a name for the rest of the session. Two names take the two tables of `split`."),
        Topic(name: "print", group: "statements", usage: "print expr [to stderr]",
              text: "Writes a value's text form to standard output, or standard error."),
        Topic(name: "describe", group: "statements", usage: "describe TABLE",
              text: "Profiles every column: kind, count, missing, distinct; mean, std, min, quartiles, max and a histogram for numbers; the top values otherwise."),
        Topic(name: "load", group: "statements", usage: "load \"path.csv\" [{ delimiter = \";\", header = true, null = [\"NA\"], types = { col = \"categorical\" }, on_error = \"skip\" }]\nload model \"name\" [version n]",
              text: "Reads a CSV file (streamed, parsed on every core, kinds inferred from the first 10,000 rows), or a model from the model store."),
        Topic(name: "save", group: "statements", usage: "save TABLE to \"path.csv\"  /  save MODEL as \"name\"  /  save MODEL to \"model.json\"",
              text: "Writes a table as CSV, stores a new version of a model in the model store, or writes an xgboost model in XGBoost's JSON format."),
        Topic(name: "models", group: "statements", usage: "models",
              text: "Lists the model store ($SLUICE_HOME, or .sluice in the working directory): names, versions, metrics, dates."),
        Topic(name: "train", group: "statements", usage: "train ALGO on TABLE [predicting col] [using RECIPE] [{ param = value, ... }]",
              text: "Trains xgboost, linear_learner or kmeans. The target's values decide the task: two values → binary, a category with more → multiclass, numbers → regression. `help xgboost` lists its parameters."),
        Topic(name: "tune", group: "statements", usage: "tune ALGO on TABLE predicting col [using RECIPE] { maximize auc, search bayesian, trials 30, parallel 2, p in log a..b, ... }",
              text: "Searches parameters, scores each trial on a 20% hold-out (or `folds k`), refits the best on the whole table and shows the trials and a convergence plot. See `help search`, `help prune`, `help folds`."),
        Topic(name: "evaluate", group: "statements", usage: "evaluate MODEL on TABLE [threshold x]",
              text: "Metrics for the model's task, with ROC, PR and confusion plots (binary), a per-class report (multiclass), residual plots (regression) or cluster sizes (clustering)."),
        Topic(name: "importance", group: "statements", usage: "importance MODEL",
              text: "Feature importance: XGBoost's gain for boosted trees, |weight| × std for the linear learner; a table and bars."),
        Topic(name: "fit", group: "statements", usage: "fit RECIPE on TABLE [predicting col]",
              text: "Fits a recipe on a table without training, for `TABLE | apply FITTED`."),
        Topic(name: "help", group: "statements", usage: "help [topic]",
              text: "Lists the topics, or explains one. In a notebook the text opens in the pager."),
        Topic(name: "input", group: "statements", usage: "let answer = input(\"prompt: \")",
              text: "Asks for a line of text: in the REPL on the terminal, in a notebook through the front end's input box (when it allows stdin). A script gets an error."),
        Topic(name: "clear", group: "statements", usage: "clear",
              text: "Clears what the cell has shown so far, in a notebook (a terminal keeps its lines)."),
        Topic(name: "deploy", group: "deployment", usage: "deploy MODEL as \"name\" [port n] [capture p%]",
              text: "Stores the model as a version of `name` and serves it at http://127.0.0.1:PORT with SageMaker's /ping and /invocations (CSV, JSON, JSON Lines) and a Prometheus /metrics, in a `sluice serve` process that outlives the session. Without `port`, a free one. Deploying again replaces the model while requests in flight finish. `capture` samples that share of requests and responses (100% by default) under the store for `monitor`. Set SLUICE_ENDPOINT_TOKEN to require a bearer token."),
        Topic(name: "undeploy", group: "deployment", usage: "undeploy \"name\"",
              text: "Stops an endpoint: it finishes the requests in flight, then exits."),
        Topic(name: "endpoints", group: "deployment", usage: "endpoints",
              text: "Lists the deployed endpoints with their health (checked now on /ping), address, model version and process."),
        Topic(name: "invoke", group: "deployment", usage: "invoke \"name\" with TABLE",
              text: "Sends the table's rows to the endpoint over HTTP and returns its predictions as a table (score, predicted_label, probability_<class>, closest_cluster, distance_to_cluster)."),
        Topic(name: "transform", group: "deployment", usage: "transform \"in\" with MODEL to \"out\" [join input] [batch n]",
              text: "Batch transform: streams a CSV (with a header) or JSON Lines file of any size through the model on every core, in input order, in memory bounded by the batch size (default 20,000 rows). `join input` keeps the input's columns. The output appears under its name only when complete."),
        Topic(name: "monitor", group: "deployment", usage: "monitor \"name\" against MODEL [threshold x]  /  monitor MODEL on TABLE [threshold x]",
              text: "Model Monitor's data quality checks of an endpoint's captured traffic, or a table, against the model's training statistics: data_type_check, completeness_check, baseline_drift_check (L∞ distance between CDFs, or value frequencies, over the threshold, 0.1 by default), missing_column_check, extra_column_check and categorical_values_check. Writes statistics.json and constraint_violations.json under the store's monitoring/ folder."),
        Topic(name: "take", group: "table steps", usage: "TABLE | take n", text: "The first n rows."),
        Topic(name: "select", group: "table steps", usage: "TABLE | select [a, b]  /  TABLE | select -[a, b]",
              text: "Keeps these columns in this order, or drops them."),
        Topic(name: "filter", group: "table steps", usage: "TABLE | filter COND",
              text: "The rows where the condition is true; a missing result counts as false. See `help expressions`."),
        Topic(name: "derive", group: "table steps", usage: "TABLE | derive c = EXPR [, d = EXPR]",
              text: "Adds or replaces computed columns, left to right. See `help expressions`."),
        Topic(name: "rename", group: "table steps", usage: "TABLE | rename a -> b [, c -> d]", text: "Renames columns."),
        Topic(name: "sort", group: "table steps", usage: "TABLE | sort a [desc] [, b [desc]]",
              text: "A stable sort; missing values last; categories by their text."),
        Topic(name: "sample", group: "table steps", usage: "TABLE | sample n [seed s]  /  TABLE | sample 10% [seed s]",
              text: "Rows drawn without replacement, kept in their original order."),
        Topic(name: "split", group: "table steps", usage: "TABLE | split 80% [stratify col] [seed s]",
              text: "Two tables: exactly round(share × rows) rows and the rest; `stratify` keeps each value's share."),
        Topic(name: "apply", group: "table steps", usage: "TABLE | apply FITTED_RECIPE", text: "Prepares a table with a fitted recipe."),
        Topic(name: "predict", group: "table steps", usage: "TABLE | predict MODEL [threshold x]",
              text: "Adds the prediction columns: score and predicted_label (binary), probabilities (multiclass), score (regression), closest_cluster and distance_to_cluster (k-means)."),
        Topic(name: "recipe", group: "recipes", usage: "recipe | impute median [a] | encode onehot [c] | scale standard",
              text: "Preparation steps, fitted on the training table only, stored inside the model and applied by evaluate and predict. Unseen categories map to all-zero one-hot rows."),
        Topic(name: "impute", group: "recipes", usage: "impute (mean|median|mode|constant v) [cols]",
              text: "Fills missing values; without columns, every column of the fitting kind except the target."),
        Topic(name: "encode", group: "recipes", usage: "encode onehot [cols]  /  encode ordinal col [levels]",
              text: "One column per category (0/1), or the category's position in `levels`."),
        Topic(name: "scale", group: "recipes", usage: "scale (standard|minmax) [cols]",
              text: "Centres and scales by the training mean and std, or maps the training range to [0, 1]."),
        Topic(name: "xgboost", group: "algorithms", usage: "train xgboost on TABLE predicting col { rounds = 100, eta = 0.3, ... }",
              text: """
                Gradient-boosted trees with XGBoost's hist semantics; binary, multiclass or regression. Parameters (defaults):
                rounds (100), eta (0.3), max_depth (6), grow_policy ("depthwise" or "lossguide"), max_leaves (0),
                min_child_weight (1), gamma (0), lambda (1), alpha (0), max_delta_step (0), subsample (1),
                colsample_bytree (1), max_bin (256), base_score (from the labels), seed (0), objective (from the target),
                early_stopping_rounds (with validation = TABLE), eval_metric, threads (all cores), validation.
                """),
        Topic(name: "linear_learner", group: "algorithms", usage: "train linear_learner on TABLE predicting col { l2 = 0.01 }",
              text: """
                Logistic, softmax or squared loss on standardised features. Parameters (defaults): l1 (0), l2 (0),
                optimizer ("lbfgs", "adam" or "sgd"), epochs (15), learning_rate (0.01), batch_size (256), max_iter (1000),
                tol (1e-6), seed (0), threads (all cores), loss ("logistic", "softmax_loss" or "squared_loss").
                """),
        Topic(name: "kmeans", group: "algorithms", usage: "train kmeans on TABLE { k = 5 }",
              text: """
                k-means with k-means++ starts and Hamerly's bounds. Parameters (defaults): k (required), max_iter (300),
                tol (1e-4), n_init (1), seed (0), init ("kmeans++"), threads (all cores).
                """),
        Topic(name: "search", group: "tuning", usage: "search bayesian|random|grid|hyperband",
              text: "bayesian (default): a Gaussian process with a Matérn-5/2 kernel and expected improvement; random; grid; hyperband: successive halving with boosting rounds as the resource (xgboost)."),
        Topic(name: "prune", group: "tuning", usage: "prune median",
              text: "Stops xgboost trials whose metric, every 10 rounds, trails the median of the completed trials (after 5 have completed)."),
        Topic(name: "folds", group: "tuning", usage: "folds k",
              text: "Scores trials by k-fold cross-validation (stratified for classification) instead of a 20% hold-out; shows mean ± std."),
        Topic(name: "parallel", group: "tuning", usage: "parallel n", text: "Trains n trials at once, each on its share of the cores."),
        Topic(name: "expressions", group: "row expressions",
              usage: "+ - * /  == != < <= > >=  and or not  is null  is not null  in [..]  log exp sqrt abs if coalesce",
              text: "In `filter` and `derive`, a name is a column of the table, or a bound value; backquote other column names: `monthly charges`. Missing values propagate; and/or use three-valued logic."),
        Topic(name: "metrics", group: "metrics",
              usage: "auc accuracy precision recall f1 logloss average_precision mlogloss rmse mae r2 inertia silhouette",
              text: "What `evaluate` reports and `tune` can maximize or minimize; each follows scikit-learn's definition."),
    ]

    /// Every name `help` answers to.
    static var names: [String] { topics.map(\.name) }

    /// The overview: the topics by group.
    static var overview: String {
        var lines = ["Sluice: load → prepare → train → tune → evaluate → deploy → monitor. `help TOPIC` explains one of these:"]
        for group in groups {
            let names = topics.filter { $0.group == group }.map(\.name)
            lines.append("  \(group.padding(toLength: 16, withPad: " ", startingAt: 0))\(names.joined(separator: ", "))")
        }
        lines.append("The language reference is docs/language.md.")
        return lines.joined(separator: "\n")
    }

    /// Help text as a display: the text, and preformatted in HTML.
    static func bundle(_ text: String) -> MimeBundle {
        MimeBundle(plainText: text, html: "<pre class=\"sluice-help\">\(escapeHTML(text))</pre>")
    }

    /// The text of `help name`, or nil when there is no such topic.
    static func text(for name: String) -> String? {
        guard let topic = topics.first(where: { $0.name == name }) else { return nil }
        return "\(topic.usage)\n\n\(topic.text)"
    }
}
