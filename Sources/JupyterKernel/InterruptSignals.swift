import Foundation
import Glibc

/// Turns SIGINT into a call to a handler instead of the default exit: Jupyter
/// clients send SIGINT to interrupt work (in signal interrupt mode) and
/// during shutdown, and the kernel must survive both.
///
/// SIGINT is blocked in the calling thread (and so in every thread it starts
/// afterwards), and one thread takes it with `sigwait`. A no-op handler also
/// covers any thread started before, so no delivery can end the process.
enum InterruptSignals {
    static func install(_ onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT) { _ in }
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        let watcher = Thread {
            var waitedFor = sigset_t()
            sigemptyset(&waitedFor)
            sigaddset(&waitedFor, SIGINT)
            while true {
                var received: Int32 = 0
                if sigwait(&waitedFor, &received) == 0 { onInterrupt() }
            }
        }
        watcher.name = "sigint-watcher"
        watcher.start()
    }
}
