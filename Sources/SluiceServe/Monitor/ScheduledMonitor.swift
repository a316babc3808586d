import Foundation

/// Runs an endpoint's monitoring schedule (``MonitoringSchedule``) in the endpoint's own process, on a thread
/// of its own, so that it outlives the session that set it and never slows a request. It looks for the
/// schedule every few seconds (a new one takes effect then: its first run one interval after it was set);
/// each run checks what was captured since the last one against the served model's baseline, writes its
/// report under `monitoring/NAME/`, updates the `/metrics` gauges, and POSTs an alert when it found violations.
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

    private func watch() {
        let endpoint = server.configuration.name
        var current: MonitoringSchedule?
        var windowStart = Date(), nextRun = Date.distantFuture
        while true {
            let schedule = MonitoringSchedule.read(endpoint: endpoint, root: storeRoot)
            if schedule != current {
                current = schedule
                if let schedule {
                    windowStart = schedule.createdAt
                    nextRun = schedule.createdAt.addingTimeInterval(schedule.every)
                    say("monitoring \"\(endpoint)\" \(schedule.summary)")
                } else {
                    nextRun = .distantFuture
                }
            }
            if let schedule = current, Date() >= nextRun {
                let end = Date()
                run(schedule, since: windowStart)
                windowStart = end
                // Runs missed while one ran long are skipped, not run back to back.
                while nextRun <= Date() { nextRun = nextRun.addingTimeInterval(schedule.every) }
            }
            let poll = min(5, max(0.2, (current?.every ?? 10) / 4))
            usleep(useconds_t(min(poll, max(0.05, nextRun.timeIntervalSinceNow)) * 1_000_000))
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
        let alert = MonitoringAlert(endpoint: schedule.endpoint, model: served.name, version: served.version, report: report)
        if let problem = alert.send(to: url) {
            server.metrics.recordAlert(sent: false)
            say("alert not delivered: \(problem)")
        } else {
            server.metrics.recordAlert(sent: true)
            say("alert sent to \(url)")
        }
    }
}
