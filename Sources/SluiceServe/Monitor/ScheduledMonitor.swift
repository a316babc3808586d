import Foundation
import SluiceStorage

/// Runs an endpoint's monitoring schedule (``MonitoringSchedule``) in the endpoint's own process, on a thread
/// of its own, so that it outlives the session that set it and never slows a request. It looks for the
/// schedule every few seconds (a new one takes effect then: its first run one interval after it was set);
/// each run checks what was captured since the last one against the served model's baseline, writes its
/// report under `monitoring/NAME/`, updates the `/metrics` gauges, and POSTs an alert when it found violations.
/// A model-quality schedule is kept the same way, beside it.
public final class ScheduledMonitor: Sendable {
    private let server: EndpointServer
    private let storeRoot: String
    /// Where the runs are told (the endpoint's log).
    private let say: @Sendable (String) -> Void

    public init(server: EndpointServer, storeRoot: String, say: @escaping @Sendable (String) -> Void) {
        self.server = server
        self.storeRoot = storeRoot
        self.say = say
    }

    /// Starts the thread; it runs for the life of the process.
    public func start() {
        let thread = Thread { [self] in watch() }
        thread.name = "sluice-monitor"
        thread.start()
    }

    /// A schedule being kept: when its next run is due, and where its window starts.
    private struct Standing {
        var schedule: MonitoringSchedule?
        var windowStart = Date()
        var nextRun = Date.distantFuture
        /// For model quality: the windows already alerted on, so that each is alerted on once.
        var alerted: Set<Date> = []
    }

    private func watch() {
        let endpoint = server.configuration.name
        // Data quality, then model quality.
        var standing = [Standing(), Standing()]
        while true {
            for (index, quality) in [false, true].enumerated() {
                let schedule = MonitoringSchedule.read(endpoint: endpoint, root: storeRoot, quality: quality)
                if schedule != standing[index].schedule {
                    standing[index] = Standing(schedule: schedule)
                    if let schedule {
                        standing[index].windowStart = schedule.createdAt
                        standing[index].nextRun = schedule.createdAt.addingTimeInterval(schedule.every)
                        say("monitoring \"\(endpoint)\" \(schedule.summary)")
                    }
                }
                guard let schedule = standing[index].schedule, Date() >= standing[index].nextRun else { continue }
                let end = Date()
                if quality {
                    runQuality(schedule, alerted: &standing[index].alerted)
                } else {
                    run(schedule, since: standing[index].windowStart)
                }
                standing[index].windowStart = end
                // Runs missed while one ran long are skipped, not run back to back.
                while standing[index].nextRun <= Date() { standing[index].nextRun.addTimeInterval(schedule.every) }
            }
            let every = standing.compactMap { $0.schedule?.every }.min() ?? 10
            let due = standing.map(\.nextRun).min()!
            let poll = min(5, max(0.2, every / 4))
            usleep(useconds_t(min(poll, max(0.05, due.timeIntervalSinceNow)) * 1_000_000))
        }
    }

    /// One run: the traffic captured since `since`, checked; its report written, its gauges set, its alert sent.
    private func run(_ schedule: MonitoringSchedule, since: Date) {
        server.configuration.capture?.flush()
        let served = server.served
        let report: MonitoringReport
        do throws(MonitoringError) {
            report = try MonitoringJob(storeRoot: storeRoot).run(model: served.handler.model, storedAs: (served.name, served.version),
                                                                 data: .endpoint(schedule.endpoint, since: since), threshold: schedule.threshold)
        } catch {
            server.metrics.recordMonitoring(interval: schedule.every, time: Date(), report: nil)
            say("monitoring: \(error)")
            return
        }
        server.metrics.recordMonitoring(interval: schedule.every, time: Date(), report: report)
        let count = report.violations.count
        say("monitored \(report.rows) rows: " + (count == 0 ? "no violations" : "\(count) violation\(count == 1 ? "" : "s")")
            + (report.driftNote.map { "; " + $0 } ?? "") + " (\(report.folder))")
        guard count > 0, let url = schedule.alert else { return }
        send(MonitoringAlert(endpoint: schedule.endpoint, model: served.name, version: served.version, report: report), to: url)
    }

    /// One model-quality run: every captured request with ground truth so far, a window per interval, scored by the
    /// served model; its report written, its gauges set, and an alert for windows that fell since the last alert.
    private func runQuality(_ schedule: MonitoringSchedule, alerted: inout Set<Date>) {
        guard let quality = schedule.quality else { return }
        server.configuration.capture?.flush()
        let served = server.served
        let report: ModelQualityReport
        do throws(MonitoringError) {
            let location: StorageLocation
            do {
                location = try StorageLocation(quality.groundTruth)
            } catch {
                throw .noData(error.description)
            }
            report = try ModelQualityJob.run(storeRoot: storeRoot, endpoint: schedule.endpoint, model: served.handler.model,
                                             labels: try ModelQualityJob.labels(under: location), source: quality.groundTruth,
                                             metric: quality.metric, threshold: schedule.threshold ?? ModelQualityJob.defaultThreshold,
                                             window: schedule.every)
        } catch {
            server.metrics.recordQualityMonitoring(interval: schedule.every, time: Date(), report: nil)
            say("model quality: \(error)")
            return
        }
        server.metrics.recordQualityMonitoring(interval: schedule.every, time: Date(), report: report)
        let fallen = report.windows.filter { $0.violated && !alerted.contains($0.start) }
        say("model quality: \(report.metric) over \(report.windows.count) window\(report.windows.count == 1 ? "" : "s"), "
            + "\(report.violations.count) in violation (\(report.folder))")
        guard !fallen.isEmpty, let url = schedule.alert else { return }
        alerted.formUnion(fallen.map(\.start))
        send(MonitoringAlert(endpoint: schedule.endpoint, model: served.name, version: served.version,
                             finding: .modelQuality(report, newlyViolated: fallen)), to: url)
    }

    private func send(_ alert: MonitoringAlert, to url: String) {
        if let problem = alert.send(to: url) {
            server.metrics.recordAlert(sent: false)
            say("alert not delivered: \(problem)")
        } else {
            server.metrics.recordAlert(sent: true)
            say("alert sent to \(url)")
        }
    }
}
