import SluiceML
import SluiceDisplay

/// The help the interpreter gives about itself: `help` lists the topics, `help TOPIC` explains one.
/// The same text serves the REPL, the notebook and (later) inspection.
enum HelpCatalog {
    /// Topics that are not a statement or a step: the words that start values, algorithms, tuning,
    /// row expressions and metrics.
    private static let otherTopics: [HelpTopic] = [
        HelpTopic(.load, .statements, usage: "load \"path.csv\" [{ delimiter = \";\", header = true, null = [\"NA\"], types = { col = \"categorical\" }, on_error = \"skip\" }]\nload model \"name\" [version n]",
            text: "Reads a CSV file (streamed, parsed on every core, kinds inferred from the first 10,000 rows), or a model from the model store."),
        HelpTopic(.train, .statements, usage: "train ALGO on TABLE [predicting col] [using RECIPE] [{ param = value, ... }]",
            text: "Trains xgboost, linear_learner or kmeans. The target's values decide the task: two values → binary, a category with more → multiclass, numbers → regression. `help xgboost` lists its parameters."),
        HelpTopic(.tune, .statements, usage: "tune ALGO on TABLE predicting col [using RECIPE] { maximize auc, search bayesian, trials 30, parallel 2, p in log a..b, ... }",
            text: "Searches parameters, scores each trial on a 20% hold-out (or `folds k`), refits the best on the whole table and shows the trials and a convergence plot. See `help search`, `help prune`, `help folds`."),
        HelpTopic(.crossvalidate, .statements, usage: "crossvalidate ALGO on TABLE [predicting col] [using RECIPE] [{ folds 5, param = value, ... }]",
            text: "k-fold cross-validation: the algorithm trained on all folds but one and evaluated on that one, for each fold; shows each metric's mean ± standard deviation (numpy's, over the folds) and a row per fold, which is the value after `|`. The folds are scikit-learn's for `cross_val_score(…, cv=k)`: stratified by class for a class target, consecutive blocks otherwise, unshuffled (shuffle first with `sample 100% seed s` when the rows are in order)."),
        HelpTopic(.evaluate, .statements, usage: "evaluate MODEL on TABLE [threshold x]  /  evaluate [A, B, …] on TABLE  /  let e = evaluate …",
            text: "Metrics for the model's task, with ROC, PR and confusion charts (binary), a per-class report (multiclass), predicted-against-actual and residual charts (regression) or cluster sizes (clustering). Several models in brackets are compared on the same rows: a row of metrics each, their curves overlaid. The result is a value; after `|`, or saved, it is its table of metrics, one row per model."),
        HelpTopic(.fit, .statements, usage: "fit RECIPE on TABLE [predicting col]",
            text: "Fits a recipe on a table without training, for `TABLE | apply FITTED`."),
        HelpTopic(.input, .statements, usage: "let answer = input(\"prompt: \")",
            text: "Asks for a line of text: in the REPL on the terminal, in a notebook through the front end's input box (when it allows stdin). A script gets an error."),
        HelpTopic(.runs, .tracking, usage: "runs  /  runs | filter kind == \"train\" | sort auc desc | take 5",
            text: "Every recorded train, tune (and each of its trials, whose `parent` is the tuning), crossvalidate and evaluate (whose `parent` is the run of the model it measured), as a table, latest first: id, start, kind, algorithm, target, the models an evaluate measured, statement, where it came from (notebook cell, script line, REPL input) and its experiment (the notebook's or script's name), data, rows, seconds, the model versions stored from it, user and host; then a column per metric (`training_logloss` and `validation_auc` while training; `auc`, `rmse`, … measured on rows the model did not learn from, with `auc_std` over folds) and per parameter a run set. Runs are kept in the store (`runs/`); with SLUICE_TRACKING_URI they also go to an MLflow tracking server."),
        HelpTopic(.invoke, .deployment, usage: "invoke \"name\" with TABLE [by COLUMN]",
            text: "Sends the table's rows to the endpoint over HTTP and returns its predictions as a table (score, predicted_label, probability_<class>, closest_cluster, distance_to_cluster). With `by COLUMN`, each row (each run of rows with one id) is a request of its own, sent with the column's value as SageMaker's inference id, which `monitor quality` merges ground truth by."),
        HelpTopic(.recipe, .recipes, usage: "recipe | impute median [a] | encode onehot [c] | scale standard",
            text: "Preparation steps, fitted on the training table only, stored inside the model and applied by evaluate and predict. Unseen categories map to all-zero one-hot rows."),
        HelpTopic(Algorithm.xgboost.name, .algorithms, usage: "train xgboost on TABLE predicting col { rounds = 100, eta = 0.3, ... }",
            text: """
              Gradient-boosted trees with XGBoost's hist semantics; binary, multiclass or regression. Parameters (defaults):
              rounds (100), eta (0.3), max_depth (6), grow_policy ("depthwise" or "lossguide"), max_leaves (0),
              min_child_weight (1), gamma (0), lambda (1), alpha (0), max_delta_step (0), subsample (1),
              colsample_bytree (1), max_bin (256), base_score (from the labels), seed (0), objective (from the target),
              early_stopping_rounds (with validation = TABLE), eval_metric, threads (all cores), validation.
              """),
        HelpTopic(Algorithm.linearLearner.name, .algorithms, usage: "train linear_learner on TABLE predicting col { l2 = 0.01 }",
            text: """
              Logistic, softmax or squared loss on standardised features. Parameters (defaults): l1 (0), l2 (0),
              optimizer ("lbfgs", "adam" or "sgd"), epochs (15), learning_rate (0.01), batch_size (256), max_iter (1000),
              tol (1e-6), seed (0), threads (all cores), loss ("logistic", "softmax_loss" or "squared_loss").
              """),
        HelpTopic(Algorithm.kmeans.name, .algorithms, usage: "train kmeans on TABLE { k = 5 }",
            text: """
              k-means with k-means++ starts and Hamerly's bounds. Parameters (defaults): k (required), max_iter (300),
              tol (1e-4), n_init (1), seed (0), init ("kmeans++"), threads (all cores).
              """),
        HelpTopic(.search, .tuning, usage: "search bayesian|random|grid|hyperband",
            text: "bayesian (default): a Gaussian process with a Matérn-5/2 kernel and expected improvement; random; grid; hyperband: successive halving with boosting rounds as the resource (xgboost)."),
        HelpTopic(.prune, .tuning, usage: "prune median",
            text: "Stops xgboost trials whose metric, every 10 rounds, trails the median of the completed trials (after 5 have completed)."),
        HelpTopic(.folds, .tuning, usage: "folds k",
            text: "Scores trials by k-fold cross-validation (stratified for classification) instead of a 20% hold-out; shows mean ± std."),
        HelpTopic(.parallel, .tuning, usage: "parallel n", text: "Trains n trials at once, each on its share of the cores."),
        HelpTopic("expressions", .rowExpressions, usage: "+ - * /  == != < <= > >=  and or not  is null  is not null  in [..]  FUNCTION(…)",
            text: "In `filter` and `derive`, a name is a column of the table, or a bound value; backquote other column names: `monthly charges`. Missing values propagate; and/or use three-valued logic. Functions: "
                + FunctionHelp.topics.map(\.name).joined(separator: ", ") + " (`help round` explains one); outside a table they apply to values: `print \"rows: \" + text(n)`."),
        HelpTopic("metrics", .metrics, usage: "auc accuracy precision recall f1 logloss average_precision mlogloss rmse mae r2 inertia silhouette",
            text: "What `evaluate` reports and `tune` can maximize or minimize; each follows scikit-learn's definition."),
    ]

    /// Every topic: the statements' and steps' own (from their registries), then the others; a step
    /// explained with its statement (`save`) appears once.
    static let topics: [HelpTopic] = {
        let all = StatementRegistry.all.map { $0.help } + otherTopics + FunctionHelp.topics + StepRegistry.tableSteps.map { $0.help }
            + StepRegistry.recipeSteps.map { $0.help }
        var seen = Set<String>()
        return all.filter { seen.insert($0.name).inserted }
    }()

    /// Every name `help` answers to.
    static var names: [String] { topics.map(\.name) }

    /// The overview: the topics by group.
    static var overview: String {
        var lines = ["Sluice: load → prepare → train → tune → evaluate → deploy → monitor. `help TOPIC` explains one of these:"]
        for group in HelpTopic.Group.allCases {
            let names = topics.filter { $0.group == group }.map(\.name)
            lines.append("  \(group.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0))\(names.joined(separator: ", "))")
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
