import Foundation
import Testing
@testable import SluiceStorage

@Suite("S3 configuration and locations")
struct S3ConfigurationTests {
    private func folder(credentials: String?, config: String?) throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("aws-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        if let credentials { try credentials.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8) }
        if let config { try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8) }
        return home
    }

    @Test("environment variables come first, with a session token; then the endpoint is path-style")
    func environmentFirst() throws {
        let home = try folder(credentials: "[default]\naws_access_key_id = FROMFILE\naws_secret_access_key = file-secret\n", config: nil)
        let configuration = try S3Configuration.resolve(environment: [
            "HOME": home, "AWS_ACCESS_KEY_ID": "FROMENV", "AWS_SECRET_ACCESS_KEY": "env-secret", "AWS_SESSION_TOKEN": "token",
            "AWS_REGION": "eu-west-3", "AWS_DEFAULT_REGION": "us-west-2", "AWS_ENDPOINT_URL": "http://127.0.0.1:8333",
        ])
        #expect(configuration.credentials == AWSCredentials(accessKeyID: "FROMENV", secretAccessKey: "env-secret", sessionToken: "token"))
        #expect(configuration.region == "eu-west-3")
        #expect(configuration.scheme == "http" && configuration.host == "127.0.0.1:8333" && configuration.pathStyle)
    }

    @Test("a profile from AWS_PROFILE: keys from the credentials file, region and endpoint from the config file")
    func profiles() throws {
        let home = try folder(
            credentials: "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = d\n\n[lab]\naws_access_key_id = LABKEY\n"
                + "aws_secret_access_key = lab-secret\naws_session_token = lab-token\n",
            config: "[default]\nregion = us-west-1\n# a comment\n[profile lab]\nregion = ap-south-1\nendpoint_url = https://s3.lab.example:9000\n")
        let lab = try S3Configuration.resolve(environment: ["HOME": home, "AWS_PROFILE": "lab"])
        #expect(lab.credentials == AWSCredentials(accessKeyID: "LABKEY", secretAccessKey: "lab-secret", sessionToken: "lab-token"))
        #expect(lab.region == "ap-south-1" && lab.host == "s3.lab.example:9000" && lab.scheme == "https" && lab.pathStyle)
        let standard = try S3Configuration.resolve(environment: ["HOME": home, "AWS_ENDPOINT_URL_S3": "http://localhost:9000",
                                                                 "AWS_ENDPOINT_URL": "http://ignored:1"])
        #expect(standard.credentials?.accessKeyID == "DEFAULTKEY" && standard.region == "us-west-1" && standard.host == "localhost:9000")
    }

    @Test("without an endpoint, AWS's own for the region, virtual-hosted; without keys, no credentials")
    func awsItself() throws {
        let home = try folder(credentials: nil, config: nil)
        let configuration = try S3Configuration.resolve(environment: ["HOME": home])
        #expect(configuration.host == "s3.us-east-1.amazonaws.com" && configuration.scheme == "https" && !configuration.pathStyle)
        #expect(configuration.credentials == nil)
        #expect(throws: StorageError.self) { try S3Configuration.resolve(environment: ["HOME": home, "AWS_ENDPOINT_URL": "not a url"]) }
    }

    @Test("locations: local paths, s3://bucket/key, and clear refusals")
    func locations() throws {
        #expect(try StorageLocation("data/churn.csv") == .local("data/churn.csv"))
        #expect(try StorageLocation("s3://lake/churn/2026-11.csv") == .s3(bucket: "lake", key: "churn/2026-11.csv"))
        #expect(try StorageLocation("S3://lake/a b.csv") == .s3(bucket: "lake", key: "a b.csv"))
        #expect(try StorageLocation("s3://lake/a.csv").description == "s3://lake/a.csv")
        for (text, message) in [("gs://lake/x.csv", "`gs://` locations are not supported"),
                                ("s3:///x.csv", "an s3:// location needs a bucket"),
                                ("s3://A_Bucket/x", "`A_Bucket` is not a bucket name")] {
            #expect(throws: StorageError.self) { try StorageLocation(text) }
            do { _ = try StorageLocation(text) } catch { #expect(error.message.hasPrefix(message), "\(text)") }
        }
    }

    @Test("S3's XML answers: fields by tag, entities decoded, nested elements")
    func xml() {
        let listing = XMLFields(Array("""
            <ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>a &amp; b.csv</Key><Size>12</Size></Contents>\
            <Contents><Key>c.csv</Key><Size>3</Size></Contents><NextContinuationToken>t/1</NextContinuationToken></ListBucketResult>
            """.utf8))
        #expect(listing.first("IsTruncated") == "true" && listing.first("NextContinuationToken") == "t/1")
        #expect(listing.elements("Contents").map { listing.all("Key", in: $0) } == [["a & b.csv"], ["c.csv"]])
    }
}
