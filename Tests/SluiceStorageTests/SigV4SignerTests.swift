import Foundation
import Testing
@testable import SluiceStorage

/// One request signed by botocore (scripts/sigv4-vectors).
private struct Vector: Decodable {
    var method, host, path, payloadHash, region, time, accessKeyID, secretAccessKey, authorization: String
    var query: [[String]]
    var headers: [[String]]
    var sessionToken: String?
}

private func vectors() throws -> [Vector] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Vectors/sigv4-botocore.json")
    struct File: Decodable { var cases: [Vector] }
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
}

@Suite("SigV4 signing")
struct SigV4SignerTests {
    @Test("the S3 documentation's worked example: GET /test.txt with Range bytes=0-9")
    func documentationExample() throws {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE",
                                                              secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
                                 region: "us-east-1")
        let request = SigV4Signer.Request(method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt",
                                          headers: [("Range", "bytes=0-9")])
        let headers = signer.signedHeaders(for: request, at: Date(timeIntervalSince1970: 1_369_353_600))
        let authorization = headers.first { $0.name == "authorization" }?.value
        #expect(authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("every request botocore signed is signed the same: keys with spaces and unicode, queries, tokens, bodies")
    func botocoreVectors() throws {
        let cases = try vectors()
        #expect(cases.count >= 8)
        let parse = ISO8601DateFormatter()
        for vector in cases {
            let signer = SigV4Signer(credentials: AWSCredentials(accessKeyID: vector.accessKeyID, secretAccessKey: vector.secretAccessKey,
                                                                  sessionToken: vector.sessionToken), region: vector.region)
            let request = SigV4Signer.Request(method: vector.method, host: vector.host, path: vector.path,
                                              query: vector.query.map { ($0[0], $0[1]) },
                                              headers: vector.headers.map { ($0[0], $0[1]) }, payloadHash: vector.payloadHash)
            let headers = signer.signedHeaders(for: request, at: try #require(parse.date(from: vector.time)))
            #expect(headers.first { $0.name == "authorization" }?.value == vector.authorization, "\(vector.method) \(vector.path)")
        }
    }

    @Test("credentials print their key id, never the secret")
    func secretsStayHidden() {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "very-secret", sessionToken: "token-secret")
        for text in ["\(credentials)", String(describing: credentials), String(reflecting: credentials)] {
            #expect(text.contains("AKIDEXAMPLE") && !text.contains("very-secret") && !text.contains("token-secret"))
        }
    }
}
