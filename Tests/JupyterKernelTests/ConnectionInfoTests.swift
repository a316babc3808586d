import Foundation
import Testing
@testable import JupyterKernel

private func write(_ json: String) throws -> String {
    let path = NSTemporaryDirectory() + "connection-\(UUID().uuidString).json"
    try json.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Suite("Connection files")
struct ConnectionInfoTests {
    @Test("a connection file as jupyter_client writes it")
    func parse() throws {
        let path = try write("""
            {"shell_port": 50001, "iopub_port": 50002, "stdin_port": 50003, "control_port": 50004,
             "hb_port": 50005, "ip": "127.0.0.1", "key": "a0436f6c-1916", "transport": "tcp",
             "signature_scheme": "hmac-sha256", "kernel_name": "sluice"}
            """)
        let info = try ConnectionInfo.load(path: path)
        #expect(info.shellPort == 50001 && info.heartbeatPort == 50005 && info.controlPort == 50004)
        #expect(info.key == "a0436f6c-1916")
        #expect(info.endpoint(port: info.iopubPort) == "tcp://127.0.0.1:50002")
    }

    @Test("ipc endpoints are named ip-port")
    func ipc() throws {
        let path = try write("""
            {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
             "ip": "/tmp/kernel-x", "key": "", "transport": "ipc"}
            """)
        #expect(try ConnectionInfo.load(path: path).endpoint(port: 2) == "ipc:///tmp/kernel-x-2")
    }

    @Test("unreadable files, missing ports and other signature schemes are clear errors")
    func errors() throws {
        #expect(throws: KernelStartupError.self) { try ConnectionInfo.load(path: "/no/such/file.json") }
        let missingPort = try write(#"{"shell_port": 1, "key": "k"}"#)
        do {
            _ = try ConnectionInfo.load(path: missingPort)
            Issue.record("accepted a file without ports")
        } catch {
            #expect(error.description.contains("is not valid"))
        }
        let md5 = try write("""
            {"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
             "key": "k", "signature_scheme": "hmac-md5"}
            """)
        do {
            _ = try ConnectionInfo.load(path: md5)
            Issue.record("accepted hmac-md5")
        } catch {
            #expect(error.description == "unsupported signature_scheme \"hmac-md5\" (only hmac-sha256 is supported)")
        }
    }
}

@Suite("JSON values")
struct JSONValueTests {
    @Test("integers, doubles, booleans and null keep their types")
    func types() throws {
        let value = try JSONValue.parse(Array(#"{"i": 1, "d": 1.5, "b": true, "n": null, "s": "x", "a": [1, "y"]}"#.utf8))
        #expect(value["i"] == .integer(1))
        #expect(value["d"] == .number(1.5))
        #expect(value["b"] == .bool(true))
        #expect(value["n"] == .null)
        #expect(value["a"] == .array([.integer(1), .string("y")]))
    }

    @Test("serialization is compact, sorted and escapes what JSON needs")
    func serialization() {
        let value: JSONValue = ["b": 1, "a": ["x/y", "quote \" and\nnewline"], "c": .number(.infinity)]
        #expect(String(decoding: value.serialized(), as: UTF8.self)
            == #"{"a":["x/y","quote \" and\nnewline"],"b":1,"c":null}"#)
    }
}
