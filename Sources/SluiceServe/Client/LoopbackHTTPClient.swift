import Foundation
import Glibc

/// A small blocking HTTP/1.1 client for the endpoints this machine runs: one request per connection,
/// a deadline on the whole exchange.
public enum LoopbackHTTPClient {
    /// An answer: status, headers (names lowercased) and body.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: [UInt8]
    }

    /// Why an exchange failed before an answer arrived.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends one request and reads the whole answer.
    public static func send(
        _ method: String, host: String, port: Int, path: String, headers: [String: String] = [:], body: [UInt8] = [],
        timeout: Double = 30
    ) throws(Failure) -> Response {
        let descriptor = try connect(host: host, port: port, timeout: timeout)
        defer { close(descriptor) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try write(Array(head.utf8) + body, to: descriptor)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: errno == EAGAIN ? "no answer within \(formatSeconds(timeout))" : "cannot read the answer: \(String(cString: strerror(errno)))")
            }
            received.append(contentsOf: chunk[0..<count])
        }
        return try parse(received)
    }

    private static func connect(host: String, port: Int, timeout: Double) throws(Failure) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw Failure(description: "cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let descriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard descriptor >= 0 else { continue }
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var one: Int32 = 1
            setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(descriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return descriptor }
            reason = String(cString: strerror(errno))
            close(descriptor)
        }
        throw Failure(description: "cannot connect to \(host):\(port): \(reason)")
    }

    private static func write(_ bytes: [UInt8], to descriptor: Int32) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "cannot send the request: \(String(cString: strerror(errno)))")
            }
            sent += count
        }
    }

    private static func parse(_ bytes: [UInt8]) throws(Failure) -> Response {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = bytes.firstRange(of: separator) else { throw Failure(description: "the answer is not HTTP") }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "the answer is not HTTP") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(bytes[end.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = try unchunk(body) }
        return Response(status: status, headers: headers, body: body)
    }

    private static func unchunk(_ bytes: [UInt8]) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: Array("\r\n".utf8)),
                  let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self)
                      .split(separator: ";").first ?? "", radix: 16) else {
                throw Failure(description: "the answer's chunked body is malformed")
            }
            if size == 0 { break }
            let start = lineEnd.upperBound
            guard start + size <= bytes.count else { throw Failure(description: "the answer's chunked body is cut short") }
            out.append(contentsOf: bytes[start..<(start + size)])
            index = start + size + 2
        }
        return out
    }

    private static func formatSeconds(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
