import SluiceML

/// Renders a tuning run: the search, the best parameters and the trials table (best first), then a
/// convergence chart of the best value so far as a display of its own.
public struct TuningRenderer: Sendable {
    public init() {}

    /// The report, then the convergence chart.
    public func bundles(for result: TuningResult) -> [MimeBundle] {
        let direction = result.maximize ? "maximize" : "minimize"
        let interrupted = result.trials.count < result.planned ? " (interrupted after \(result.trials.count) of \(result.planned))" : ""
        let stopped = result.trials.filter { $0.stoppedAt != nil }.count
        let title = "tuning \(result.model.algorithm) · \(result.trials.count) trials\(interrupted)"
            + (stopped > 0 ? " (\(stopped) stopped early)" : "") + " · \(result.strategy.rawValue) search · "
            + "\(direction) \(result.metric) on \(result.validation)"
        let crossValidated = result.best.partValues.count > 1
        let perFold = crossValidated
            ? "; per fold " + result.best.partValues.map(formatMeasure).joined(separator: ", ") : ""
        let bestLine = "best: trial \(result.best.number), \(result.metric) \(score(result.best, crossValidated)) with "
            + result.searched.map { "\($0) \(result.best.parameters[$0]!.description)" }.joined(separator: ", ")
            + perFold + "; refitted on the whole training table"
        // Trials trained in full first, best first; then those stopped early, the latest stopped first.
        let sorted = result.trials.sorted { a, b in
            if (a.stoppedAt ?? .max) != (b.stoppedAt ?? .max) { return (a.stoppedAt ?? .max) > (b.stoppedAt ?? .max) }
            return result.maximize ? a.value > b.value : a.value < b.value
        }
        let headers = ["trial"] + result.searched + [crossValidated ? "\(result.metric) mean ± std" : result.metric]
            + (stopped > 0 ? ["rounds"] : []) + ["seconds"]
        let rows = sorted.map { trial in
            [String(trial.number)] + result.searched.map { trial.parameters[$0]!.description } + [score(trial, crossValidated)]
                + (stopped > 0 ? [trial.stoppedAt.map { "stopped at \($0)" } ?? "all"] : []) + [String(format: "%.2f", trial.seconds)]
        }
        let lines = TextGrid(rows: [headers] + rows, rightAligned: { _ in true }).lines
        var html = "<div class=\"sluice-tuning\"><strong>\(escapeHTML(title))</strong><p>\(escapeHTML(bestLine))</p>"
        html += "<table><tr>" + headers.map { "<th>\(escapeHTML($0))</th>" }.joined() + "</tr>"
        for row in rows {
            html += "<tr>" + row.map { "<td style=\"text-align:right\">\(escapeHTML($0))</td>" }.joined() + "</tr>"
        }
        html += "</table></div>"
        return [MimeBundle(plainText: ([title, bestLine, convergenceLine(result)] + lines).joined(separator: "\n"), html: html),
                convergence(result).bundle]
    }

    /// A trial's metric: the mean ± standard deviation over folds, or the hold-out value.
    private func score(_ trial: TuningTrial, _ crossValidated: Bool) -> String {
        crossValidated ? formatUncertain(trial.value, spread: trial.standardDeviation) : formatMeasure(trial.value)
    }

    /// The best value so far among trials trained in full, at each such trial (by trial number).
    private func bestSoFar(_ result: TuningResult) -> [(trial: Int, value: Double)] {
        var best: [(trial: Int, value: Double)] = []
        for trial in result.trials.sorted(by: { $0.number < $1.number }) where trial.stoppedAt == nil && trial.value.isFinite {
            let improves = best.last.map { result.maximize ? trial.value > $0.value : trial.value < $0.value } ?? true
            best.append((trial.number, improves ? trial.value : best.last!.value))
        }
        return best
    }

    /// The convergence plot as text for the REPL: the best value so far as a sparkline.
    private func convergenceLine(_ result: TuningResult) -> String {
        let best = bestSoFar(result)
        guard let first = best.first, let found = best.first(where: { $0.value == best.last!.value }) else { return "" }
        return "convergence: \(sparkline(values: best.map(\.value))) best so far, \(formatStatistic(first.value)) at trial "
            + "\(first.trial) → \(formatStatistic(found.value)) from trial \(found.trial)"
    }

    /// Each trial's value (dots) and the best so far among trials trained in full (a line that steps), by
    /// trial number.
    func convergence(_ result: TuningResult) -> Chart {
        let trials = result.trials.sorted { $0.number < $1.number }.map { ChartPoint(Double($0.number), $0.value) }
        var best = bestSoFar(result).map { ChartPoint(Double($0.trial), $0.value) }
        // The best holds until the last trial.
        if let last = best.last, let final = trials.last, final.x > last.x { best.append(ChartPoint(final.x, last.y)) }
        let xs = trials.map(\.x), ys = trials.map(\.y)
        return Chart(title: "Convergence", x: ChartAxis(title: "trial", scale: .linear((xs.min() ?? 1)...(xs.max() ?? 1)), wholeNumbers: true),
                     y: ChartAxis(title: result.metric, scale: .linear((ys.min() ?? 0)...(ys.max() ?? 1))),
                     marks: .points([ChartSeries(name: "trial", points: trials)]),
                     overlays: [.lines([ChartSeries(name: "best so far", points: best)], step: true)])
    }
}
