import Foundation
import SluiceData
import SluiceML

/// Renders a trained model as a summary card: what it predicts, its parameters, its final metrics and
/// what it learned; then, for boosted trees, its training curves as charts of their own.
public struct ModelRenderer: Sendable {
    public init() {}

    /// The card, then the training curves.
    public func bundles(for model: TrainedModel) -> [MimeBundle] {
        let card = KeyValueCard(title: title(model), rows: summary(model), htmlClass: "sluice-model")
        var text = card.textLines
        var html = card.htmlOpening
        if let (caption, cells) = ModelCardTables.learned(model) {
            text += ["", caption] + TextGrid(rows: cells, rightAligned: { $0 > 0 }).lines
            html += "<p>\(escapeHTML(caption))</p><table><tr>" + cells[0].map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
            for row in cells.dropFirst() {
                html += "<tr>" + row.enumerated().map { "<td style=\"text-align:\($0.offset == 0 ? "left" : "right")\">\(escapeHTML($0.element))</td>" }.joined() + "</tr>"
            }
            html += "</table>"
        }
        var curves: [Chart] = []
        if case .boostedTrees(let trees) = model.estimator, trees.evaluationLog.count > 1 {
            curves = TrainingCharts.curves(trees.evaluationLog, metric: trees.metric.rawValue, loss: defaultLossName(trees.objective))
        }
        return [MimeBundle(plainText: text.joined(separator: "\n"), html: html + "</div>")] + curves.map(\.bundle)
    }

    private func title(_ model: TrainedModel) -> String {
        var title = "\(model.algorithm) model · \(model.task.name)"
        if let target = model.target { title += " of \(target)" }
        if case .binaryClassification(_, let positive) = model.task { title += " (positive: \(positive))" }
        return title
    }

    private func defaultLossName(_ objective: BoostingObjective) -> String {
        switch objective {
        case .binaryLogistic: "logloss"
        case .squaredError: "rmse"
        case .multiSoftprob: "mlogloss"
        }
    }

    private func summary(_ model: TrainedModel) -> [(name: String, value: String)] {
        var rows: [(String, String)] = [
            ("features", "\(model.featureNames.count) (from \(model.inputSchema.count) columns)"),
        ]
        if case .kmeans(let clusters) = model.estimator {
            rows.append(("clusters", "\(clusters.centers.count) (sizes " + clusters.clusterSizes.map(formatCount).joined(separator: " · ") + ")"))
            rows.append(("inertia", formatStatistic(clusters.inertia)))
            let p = clusters.parameters
            rows.append(("trained", "\(clusters.iterations) iterations (max_iter \(p.maxIterations), tol \(formatStatistic(p.tolerance)), n_init \(p.initializations), seed \(p.seed))"))
        }
        if case .linear(let linear) = model.estimator {
            let p = linear.parameters
            let nonZero = linear.weights.reduce(0) { $0 + $1.filter { $0 != 0 }.count }
            rows.append(("loss", "\(linear.loss.rawValue) · l1 \(formatStatistic(p.l1)) · l2 \(formatStatistic(p.l2)) · \(p.optimizer.rawValue)"))
            rows.append(("weights", "\(nonZero) non-zero of \(linear.weights.count * linear.featureNames.count)"))
            let report = linear.report
            rows.append(("trained", "\(report.iterations) \(p.optimizer == .lbfgs ? "iterations" : "epochs"), "
                + (report.converged ? "converged" : "not converged")
                + " (objective \(formatStatistic(report.objective)), gradient \(String(format: "%.2g", report.gradientNorm)))"))
        }
        if case .boostedTrees(let trees) = model.estimator {
            let defaults = BoostingParameters()
            let p = trees.parameters
            var shown = ["rounds \(p.rounds)", "eta \(formatStatistic(p.eta))", "max_depth \(p.maxDepth)"]
            let optional: [(String, Bool, String)] = [
                ("min_child_weight", p.minChildWeight != defaults.minChildWeight, formatStatistic(p.minChildWeight)),
                ("gamma", p.gamma != defaults.gamma, formatStatistic(p.gamma)),
                ("lambda", p.lambda != defaults.lambda, formatStatistic(p.lambda)),
                ("alpha", p.alpha != defaults.alpha, formatStatistic(p.alpha)),
                ("max_delta_step", p.maxDeltaStep != defaults.maxDeltaStep, formatStatistic(p.maxDeltaStep)),
                ("subsample", p.subsample != defaults.subsample, formatStatistic(p.subsample)),
                ("colsample_bytree", p.colsampleByTree != defaults.colsampleByTree, formatStatistic(p.colsampleByTree)),
                ("max_bin", p.maxBin != defaults.maxBin, String(p.maxBin)),
                ("seed", p.seed != defaults.seed, String(p.seed)),
            ]
            shown += optional.filter(\.1).map { "\($0.0) \($0.2)" }
            rows.append(("parameters", shown.joined(separator: " · ")))
            var trained = "\(trees.roundCount) rounds, \(trees.trees.count) trees"
            if let best = trees.bestRound { trained += " (best round \(best + 1) of \(trees.evaluationLog.count), early stopping)" }
            rows.append(("trained", trained))
            // The round the model keeps: the best one after early stopping, else the last.
            if let kept = trees.bestRound.map({ trees.evaluationLog[$0] }) ?? trees.evaluationLog.last {
                rows.append(("training \(defaultLossName(trees.objective))", formatStatistic(kept.training)))
                if let validation = kept.validation {
                    rows.append(("validation \(trees.metric.rawValue)", formatStatistic(validation)))
                }
            }
        }
        if let score = model.heldOut { rows.append(("held out", score.text)) }
        let date = model.lineage.trainedAt.ISO8601Format(Date.ISO8601FormatStyle(timeZone: .gmt))
        rows.append(("data", "\(formatCount(model.lineage.trainingRows)) rows, fingerprint \(model.lineage.dataFingerprint)"))
        rows.append(("trained at", "\(date) with Sluice \(model.lineage.sluiceVersion)"))
        return rows
    }
}
