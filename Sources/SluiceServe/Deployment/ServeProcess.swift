import Foundation
import Glibc

/// Starting, finding and stopping `sluice serve` processes.
enum ServeProcess {
    /// glibc's `POSIX_SPAWN_SETSID` (since 2.26), a GNU extension Swift's Glibc module leaves out.
    private static let spawnNewSession: Int32 = 0x80

    /// Starts `executable` with `arguments` in a session of its own (so it outlives the process that
    /// started it and its terminal's signals), output appended to `log`; returns its pid.
    static func start(executable: String, arguments: [String], log: String) throws(DeploymentError) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(spawnNewSession | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw .cannotStart("cannot run \(executable): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Whether a process this one started has exited (its command line is not checked: right after the
    /// spawn it may still be this process's).
    static func hasExited(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid || (kill(pid, 0) != 0 && errno == ESRCH)
    }

    /// Whether `pid` is a running `sluice serve` (not a finished child, nor another program that took the number).
    static func isServing(_ pid: Int32) -> Bool {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return true }
        let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        return arguments.contains("serve")
    }

    /// Sends SIGTERM and waits up to `grace` seconds for the process to finish its requests and exit,
    /// then kills it.
    static func stop(_ pid: Int32, grace: Double = 10) {
        guard isServing(pid) else { return reap(pid) }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if !isServing(pid) { return reap(pid) }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    /// Collects the exit of `pid` when it is a child of this process that has ended or is ending, so no
    /// zombie stays behind (it may have exited between a check and the next); waits at most a second.
    static func reap(_ pid: Int32) {
        var status: Int32 = 0
        for _ in 0..<100 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || result < 0 { return }  // collected, or not this process's child
            usleep(10_000)
        }
    }
}
