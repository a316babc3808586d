import SluiceDigest
import Foundation

/// Signs S3 requests with AWS Signature Version 4 (header-based, `AWS4-HMAC-SHA256`).
///
/// Written here rather than taken from an SDK: the Swift AWS SDKs pull in dozens of modules for
/// what is a page of hashing, and none is in the package mirror. S3's rules differ from the
/// generic SigV4 ones in two places, both followed: the path is encoded once, not twice, and is
/// not normalised; and the payload's SHA-256 travels in `x-amz-content-sha256` and is signed.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The SHA-256 of an empty payload.
    public static let emptyPayloadHash = hexSHA256(Data())

    /// A request to sign: its method, host (with the port when not the scheme's default), path
    /// (not yet percent-encoded), query items (not yet encoded) and headers.
    public struct Request: Sendable {
        public var method: String
        public var host: String
        public var path: String
        public var query: [(name: String, value: String)]
        public var headers: [(name: String, value: String)]
        /// The hex SHA-256 of the body (``SigV4Signer/emptyPayloadHash`` for none).
        public var payloadHash: String

        public init(method: String, host: String, path: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)] = [], payloadHash: String = SigV4Signer.emptyPayloadHash) {
            self.method = method
            self.host = host
            self.path = path
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }

        /// The path as sent: each segment percent-encoded once, slashes kept.
        public var encodedPath: String { path.split(separator: "/", omittingEmptySubsequences: false).map { SigV4Signer.encode(String($0)) }.joined(separator: "/") }

        /// The query as sent and as signed: encoded names and values, sorted.
        public var canonicalQuery: String {
            query.map { (SigV4Signer.encode($0.name), SigV4Signer.encode($0.value)) }
                .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
    }

    /// The headers to send with `request` at `date`: its own, plus `host`, `x-amz-date`,
    /// `x-amz-content-sha256`, `x-amz-security-token` (with a session token) and `authorization`.
    public func signedHeaders(for request: Request, at date: Date) -> [(name: String, value: String)] {
        let (amzDate, day) = Self.timestamps(date)
        var headers = request.headers.filter { !["authorization", "host", "x-amz-date", "x-amz-content-sha256"].contains($0.name.lowercased()) }
        headers.append(("host", request.host))
        headers.append(("x-amz-date", amzDate))
        headers.append(("x-amz-content-sha256", request.payloadHash))
        if let token = credentials.sessionToken { headers.append(("x-amz-security-token", token)) }
        let (canonical, signedNames) = canonicalRequest(request, headers: headers)
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Self.hexSHA256(Data(canonical.utf8)))"
        let signature = hmac(signingKey(day: day), stringToSign).map { String(format: "%02x", $0) }.joined()
        headers.append(("authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
                        + "SignedHeaders=\(signedNames), Signature=\(signature)"))
        return headers
    }

    /// The canonical request and the signed header names (every header given is signed).
    func canonicalRequest(_ request: Request, headers: [(name: String, value: String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (name, value) in headers {
            // Values are trimmed and inner runs of spaces become one, as SigV4 asks.
            let trimmed = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            merged[name.lowercased(), default: []].append(trimmed)
        }
        let names = merged.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        let signedNames = names.joined(separator: ";")
        let canonical = [request.method, request.encodedPath.isEmpty ? "/" : request.encodedPath, request.canonicalQuery,
                         canonicalHeaders, signedNames, request.payloadHash].joined(separator: "\n")
        return (canonical, signedNames)
    }

    private func signingKey(day: String) -> [UInt8] {
        let date = hmac(Array(("AWS4" + credentials.secretAccessKey).utf8), day)
        return hmac(hmac(hmac(date, region), service), "aws4_request")
    }

    private func hmac(_ key: [UInt8], _ text: String) -> [UInt8] {
        Digest.hmacSHA256(key: key, Array(text.utf8))
    }

    /// `20130524T000000Z` and `20130524` in UTC.
    static func timestamps(_ date: Date) -> (String, String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d%02d%02d", c.year!, c.month!, c.day!)
        return (day + String(format: "T%02d%02d%02dZ", c.hour!, c.minute!, c.second!), day)
    }

    /// The hex SHA-256 of `data`.
    public static func hexSHA256(_ data: Data) -> String {
        Digest.hex(Digest.sha256(Array(data)))
    }

    /// Percent-encodes everything but the unreserved characters `A–Z a–z 0–9 - . _ ~` (UTF-8 bytes).
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
