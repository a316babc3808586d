import Foundation

/// Serves the control channel on its own thread: shutdown, interrupt and kernel info.
struct ControlHandler {
    let kernel: Kernel
    let channel: any KernelChannel
    let iopub: IOPubChannel

    /// How long a shutdown waits for running work to stop before the process exits anyway.
    static let shutdownGraceSeconds: UInt32 = 5

    func serve() {
        let shutdownRequested = kernel.serve(channel, name: "control", iopub: iopub) { message in handle(message) }
        if shutdownRequested { beginShutdown() }
        channel.close()
    }

    /// Handles one request; returns false once the kernel is shutting down.
    private func handle(_ request: Message) -> Bool {
        switch request.messageType {
        case "shutdown_request":
            let restart = request.content["restart"]?.boolValue ?? false
            let content: JSONValue = ["status": "ok", "restart": .bool(restart)]
            kernel.reply(to: request, type: "shutdown_reply", content: content, on: channel)
            iopub.publish("shutdown_reply", content: content, parent: request.header)
            return false
        case "interrupt_request":
            kernel.interrupt()
            kernel.reply(to: request, type: "interrupt_reply", content: ["status": "ok"], on: channel)
        case "kernel_info_request":
            kernel.reply(to: request, type: "kernel_info_reply", content: kernel.kernelInfoContent, on: channel)
        default:
            kernel.log.warning("unsupported message type \(request.messageType) on control; no reply sent")
        }
        return true
    }

    /// Stops running work and wakes every channel's thread so that the kernel
    /// closes down; if work will not stop, the process exits after a grace period.
    private func beginShutdown() {
        kernel.kernelInterpreter.interrupt()
        kernel.shutDownChannels()
        let kernel = kernel
        let watchdog = Thread {
            sleep(Self.shutdownGraceSeconds)
            guard !kernel.hasStopped else { return }
            kernel.log.warning("running work did not stop within \(Self.shutdownGraceSeconds) s of shutdown; exiting")
            exit(0)
        }
        watchdog.start()
    }
}
