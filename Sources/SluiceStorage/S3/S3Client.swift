import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// S3's REST operations that Sluice uses, signed with SigV4 and sent through AsyncHTTPClient, with the
/// AWS SDKs' standard retry mode: up to three attempts, exponential back-off with full jitter, on
/// 5xx answers, throttling and connection errors.
public final class S3Client: Sendable {
    public let configuration: S3Configuration
    private let http: HTTPClient

    /// Attempts per request, as the SDKs' standard mode.
    static let attempts = 3

    public init(configuration: S3Configuration) {
        self.configuration = configuration
        http = Self.sharedHTTP
    }

    /// One HTTP client for the process (never shut down, so never deinitialised). A connection that
    /// cannot be made fails at once instead of being retried until the connect timeout: ``send`` retries
    /// itself, with back-off, and says so. Enough connections per host for the reads and parts in flight.
    private static let sharedHTTP: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: .seconds(60)))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 16
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// An answer: status, headers and body.
    struct Answer: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
    }

    /// Sends a request for `key` in `bucket` (an empty key addresses the bucket), retrying as the SDKs do,
    /// and turns S3's error answers into ``StorageError``s naming `location`.
    func send(_ method: HTTPMethod, bucket: String, key: String = "", query: [(name: String, value: String)] = [],
              headers: [(name: String, value: String)] = [], body: [UInt8] = [], limit: Int = 64 << 20,
              expecting accepted: Set<Int> = [200, 204, 206], attempts: Int = attempts) async throws -> Answer {
        let location = "s3://\(bucket)/\(key)"
        var lastFailure: (any Error)?
        for attempt in 0..<attempts {
            if attempt > 0 {
                // Full jitter: a random wait up to 2^attempt × 100 ms (at most 20 s).
                let ceiling = min(20.0, 0.1 * pow(2, Double(attempt)))
                try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...ceiling) * 1e9))
            }
            do {
                let answer = try await once(method, bucket: bucket, key: key, query: query, headers: headers, body: body, limit: limit)
                if accepted.contains(answer.status) { return answer }
                let failure = S3Failure(answer: answer, location: location, credentials: configuration.credentials)
                guard failure.isRetryable else { throw failure.error }
                lastFailure = failure.error
            } catch let error as StorageError {
                throw error
            } catch is CancellationError {
                throw StorageError(.interrupted, location: location, "interrupted")
            } catch {
                lastFailure = error
            }
        }
        if let storage = lastFailure as? StorageError { throw storage }
        throw StorageError(.unreachable, location: location,
                           "cannot reach the S3 endpoint \(configuration.scheme)://\(configuration.host) after \(attempts) attempts: "
                               + Self.describe(lastFailure),
                           help: "check AWS_ENDPOINT_URL (or AWS_ENDPOINT_URL_S3) and that the server is running")
    }

    private func once(_ method: HTTPMethod, bucket: String, key: String, query: [(name: String, value: String)],
                      headers: [(name: String, value: String)], body: [UInt8], limit: Int) async throws -> Answer {
        let host = configuration.pathStyle ? configuration.host : "\(bucket).\(configuration.host)"
        let path = configuration.pathStyle ? "/\(bucket)/\(key)" : "/\(key)"
        let unsigned = SigV4Signer.Request(method: method.rawValue, host: host, path: path, query: query, headers: headers,
                                           payloadHash: body.isEmpty ? SigV4Signer.emptyPayloadHash : SigV4Signer.hexSHA256(Data(body)))
        let query = unsigned.canonicalQuery
        var request = HTTPClientRequest(url: "\(configuration.scheme)://\(host)\(unsigned.encodedPath)" + (query.isEmpty ? "" : "?" + query))
        request.method = method
        let signed = configuration.credentials.map {
            SigV4Signer(credentials: $0, region: configuration.region).signedHeaders(for: unsigned, at: Date())
        } ?? headers
        for (name, value) in signed where name != "host" { request.headers.add(name: name, value: value) }
        if !body.isEmpty || method == .PUT || method == .POST {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await http.execute(request, timeout: .seconds(120))
        // Straight into an array of the announced size: no buffer doubling, one copy.
        var body: [UInt8] = []
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length <= limit {
            body.reserveCapacity(length)
        }
        for try await chunk in response.body {
            guard body.count + chunk.readableBytes <= limit else {
                throw StorageError(.failed, location: "s3://\(bucket)/\(key)", "the server's answer is longer than expected")
            }
            chunk.withUnsafeReadableBytes { body.append(contentsOf: $0) }
        }
        return Answer(status: Int(response.status.code), headers: response.headers, body: body)
    }

    private static func describe(_ error: (any Error)?) -> String {
        guard let error else { return "no answer" }
        if let client = error as? HTTPClientError { return "\(client)" }
        return "\(error)"
    }

    // MARK: - Objects

    /// An object's size in bytes (HEAD). A HEAD answer has no body to say which is missing, the bucket
    /// or the key: a 404 asks about the bucket too.
    public func size(bucket: String, key: String) async throws -> Int {
        let answer: Answer
        do {
            answer = try await send(.HEAD, bucket: bucket, key: key)
        } catch let error as StorageError where error.kind == .noSuchKey {
            if let bucketAnswer = try? await once(.HEAD, bucket: bucket, key: "", query: [], headers: [], body: [], limit: 1 << 16),
               bucketAnswer.status == 404 {
                throw StorageError(.noSuchBucket, location: error.location, "the bucket `\(bucket)` does not exist")
            }
            throw error
        }
        guard let length = answer.headers.first(name: "content-length").flatMap(Int.init) else {
            throw StorageError(.failed, location: "s3://\(bucket)/\(key)", "the server did not say the object's size")
        }
        return length
    }

    /// Bytes `range` of an object (a ranged GET), or all of it.
    public func get(bucket: String, key: String, range: Range<Int>? = nil) async throws -> [UInt8] {
        let headers = range.map { [("Range", "bytes=\($0.lowerBound)-\($0.upperBound - 1)")] } ?? []
        let answer = try await send(.GET, bucket: bucket, key: key, headers: headers,
                                    limit: range.map { $0.count + 1 } ?? Int(Int32.max))
        if let range, answer.body.count != range.count {
            throw StorageError(.failed, location: "s3://\(bucket)/\(key)",
                               "the server sent \(answer.body.count) bytes of a range of \(range.count)")
        }
        return answer.body
    }

    /// Up to the first `count` bytes of an object, in one ranged GET without retries (for a quick look,
    /// such as a CSV header, that may fail quietly).
    public func firstBytes(bucket: String, key: String, count: Int) async throws -> [UInt8] {
        try await send(.GET, bucket: bucket, key: key, headers: [("Range", "bytes=0-\(count - 1)")], limit: count, attempts: 1).body
    }

    /// Writes a whole object in one request.
    public func put(bucket: String, key: String, body: [UInt8]) async throws {
        _ = try await send(.PUT, bucket: bucket, key: key, body: body)
    }

    /// Writes a whole object only if there is none at `key` (a conditional PUT, `If-None-Match: *`);
    /// returns false, writing nothing, when there is one.
    public func create(bucket: String, key: String, body: [UInt8]) async throws -> Bool {
        let answer = try await send(.PUT, bucket: bucket, key: key, headers: [("If-None-Match", "*")], body: body,
                                    expecting: [200, 204, 409, 412])
        return answer.status == 200 || answer.status == 204
    }

    /// Deletes an object (no error when it is not there).
    public func delete(bucket: String, key: String) async throws {
        _ = try await send(.DELETE, bucket: bucket, key: key)
    }

    /// An object in a listing.
    public struct Listed: Sendable, Equatable {
        public var key: String
        public var size: Int
    }

    /// Every object whose key starts with `prefix` (ListObjectsV2, following continuation tokens).
    public func list(bucket: String, prefix: String) async throws -> [Listed] {
        try await listing(bucket: bucket, prefix: prefix, delimiter: nil).objects
    }

    /// What is directly in the "folder" `prefix` (which ends in `/`, or is empty for the bucket's top):
    /// the names of its objects and of its sub-folders, relative to it (ListObjectsV2 with `/` as the
    /// delimiter).
    public func entries(bucket: String, folder prefix: String) async throws -> [String] {
        let listing = try await listing(bucket: bucket, prefix: prefix, delimiter: "/")
        return (listing.objects.map(\.key) + listing.folders.map { String($0.dropLast()) })
            .map { String($0.dropFirst(prefix.count)) }.filter { !$0.isEmpty }
    }

    private func listing(bucket: String, prefix: String, delimiter: String?) async throws -> (objects: [Listed], folders: [String]) {
        var objects: [Listed] = [], folders: [String] = []
        var token: String?
        repeat {
            var query = [("list-type", "2"), ("prefix", prefix)]
            if let delimiter { query.append(("delimiter", delimiter)) }
            if let token { query.append(("continuation-token", token)) }
            let answer = try await send(.GET, bucket: bucket, query: query)
            let xml = XMLFields(answer.body)
            for contents in xml.elements("Contents") {
                guard let key = xml.all("Key", in: contents).first else { continue }
                objects.append(Listed(key: key, size: xml.all("Size", in: contents).first.flatMap(Int.init) ?? 0))
            }
            for common in xml.elements("CommonPrefixes") { folders += xml.all("Prefix", in: common) }
            token = xml.first("IsTruncated") == "true" ? xml.first("NextContinuationToken") : nil
        } while token != nil
        return (objects, folders)
    }

    // MARK: - Multipart uploads

    /// Starts a multipart upload; returns its id.
    func createMultipartUpload(bucket: String, key: String) async throws -> String {
        let answer = try await send(.POST, bucket: bucket, key: key, query: [("uploads", "")])
        guard let id = XMLFields(answer.body).first("UploadId") else {
            throw StorageError(.failed, location: "s3://\(bucket)/\(key)", "the server did not start the upload")
        }
        return id
    }

    /// Uploads part `number` (from 1); returns its ETag.
    func uploadPart(bucket: String, key: String, uploadID: String, number: Int, body: [UInt8]) async throws -> String {
        let answer = try await send(.PUT, bucket: bucket, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)],
                                    body: body)
        guard let etag = answer.headers.first(name: "etag") else {
            throw StorageError(.failed, location: "s3://\(bucket)/\(key)", "the server did not acknowledge part \(number)")
        }
        return etag
    }

    /// Completes an upload from its parts' ETags, in order: only now does the object exist.
    func completeMultipartUpload(bucket: String, key: String, uploadID: String, etags: [String]) async throws {
        let parts = etags.enumerated().map { "<Part><PartNumber>\($0.offset + 1)</PartNumber><ETag>\($0.element)</ETag></Part>" }
        let body = Array(("<CompleteMultipartUpload>" + parts.joined() + "</CompleteMultipartUpload>").utf8)
        let answer = try await send(.POST, bucket: bucket, key: key, query: [("uploadId", uploadID)],
                                    headers: [("Content-Type", "application/xml")], body: body)
        // S3 may answer 200 with an error in the body when completing fails late.
        let xml = XMLFields(answer.body)
        if let code = xml.first("Code") {
            throw StorageError(.failed, location: "s3://\(bucket)/\(key)", "completing the upload failed: \(code) \(xml.first("Message") ?? "")")
        }
    }

    /// Abandons an upload and its parts.
    func abortMultipartUpload(bucket: String, key: String, uploadID: String) async throws {
        _ = try await send(.DELETE, bucket: bucket, key: key, query: [("uploadId", uploadID)])
    }
}

/// An S3 error answer, read: whether another attempt may help, and the error to report.
struct S3Failure {
    let isRetryable: Bool
    let error: StorageError

    init(answer: S3Client.Answer, location: String, credentials: AWSCredentials?) {
        let xml = XMLFields(answer.body)
        let code = xml.first("Code") ?? ""
        let message = xml.first("Message").map { ": \($0)" } ?? ""
        isRetryable = answer.status >= 500 || answer.status == 429 || ["SlowDown", "Throttling", "RequestTimeout"].contains(code)
        let bucket = location.dropFirst("s3://".count).prefix { $0 != "/" }
        switch (answer.status, code) {
        case (_, "NoSuchBucket"):
            error = StorageError(.noSuchBucket, location: location, "the bucket `\(bucket)` does not exist")
        case (404, _) where code == "NoSuchKey" || code.isEmpty:
            error = StorageError(.noSuchKey, location: location, "no object at \(location)")
        case (403, _):
            let who = credentials.map { "for access key \($0.accessKeyID)" } ?? "without credentials"
            let why = code == "SignatureDoesNotMatch" ? " (the secret key does not match the access key)"
                : code == "InvalidAccessKeyId" ? " (the server does not know this access key)"
                : code == "RequestTimeTooSkewed" ? " (this machine's clock is off)" : ""
            error = StorageError(.accessDenied, location: location, "access denied to \(location) \(who)\(why)",
                                 help: credentials == nil ? "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE" : nil)
        default:
            error = StorageError(.failed, location: location, "S3 answered \(answer.status)\(code.isEmpty ? "" : " \(code)")\(message)")
        }
    }
}
