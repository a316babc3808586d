import Foundation
import Glibc
import Testing
@testable import SluiceServe

@Suite("Endpoint processes")
struct ServeProcessTests {
    @Test("stopping an endpoint this process started leaves no zombie behind, however its exit falls")
    func noZombies() throws {
        let log = TestModels.temporaryFolder() + "/serve.log"
        for _ in 0..<5 {
            // A stand-in endpoint: `serve` in its command line until SIGTERM, then a short exit under another
            // command line (as a real one's ends while it winds down: /proc shows no command line then).
            let pid = try ServeProcess.start(executable: "/bin/sh",
                                             arguments: ["-c", "trap 'exec sleep 0.05' TERM; while :; do sleep 0.01; done", "serve"],
                                             log: log)
            let deadline = Date().addingTimeInterval(5)
            while !ServeProcess.isServing(pid), Date() < deadline { usleep(5_000) }
            #expect(ServeProcess.isServing(pid))
            ServeProcess.stop(pid)
            // Gone entirely: not running, and not a zombie waiting for this process to collect it.
            #expect(kill(pid, 0) != 0 && errno == ESRCH, "pid \(pid) is still there: \(state(of: pid))")
        }
    }

    private func state(of pid: Int32) -> String {
        (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "no /proc entry"
    }
}
