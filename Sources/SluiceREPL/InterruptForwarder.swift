import Foundation
import Glibc
import SluiceLang
import Synchronization

/// Turns Ctrl-C (SIGINT) into a request to stop the running statement, so
/// the session survives it. When nothing is running, SIGINT ends the program
/// as usual (the line editor reads Ctrl-C as a key, so this is only seen
/// when input is not a terminal).
final class InterruptForwarder: Sendable {
    private let running = Atomic<Bool>(false)

    /// Whether a statement is running now.
    var isRunning: Bool {
        get { running.load(ordering: .sequentiallyConsistent) }
        set { running.store(newValue, ordering: .sequentiallyConsistent) }
    }

    /// Blocks SIGINT and starts the thread that takes it with `sigwait`.
    func install(session: Session) {
        let flag = session.interruptFlag
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let watcher = Thread { [self] in
            var waitedFor = sigset_t()
            sigemptyset(&waitedFor)
            sigaddset(&waitedFor, SIGINT)
            while true {
                var received: Int32 = 0
                guard sigwait(&waitedFor, &received) == 0 else { continue }
                if isRunning {
                    flag.request()
                } else {
                    exit(130)
                }
            }
        }
        watcher.name = "sigint-watcher"
        watcher.start()
    }
}
