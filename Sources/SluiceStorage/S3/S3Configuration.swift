import Foundation

/// Where S3 is and who asks: the endpoint, region and credentials, found as the AWS SDKs find them.
public struct S3Configuration: Sendable {
    /// `http` or `https`.
    public var scheme: String
    /// The endpoint's host, and port when it is not the scheme's default.
    public var host: String
    public var region: String
    /// Nil when no credentials were found: requests go unsigned (public buckets) and a refusal says how to give them.
    public var credentials: AWSCredentials?
    /// Path-style (`host/bucket/key`, for S3-compatible servers) or virtual-hosted (`bucket.host/key`, AWS).
    public var pathStyle: Bool

    public init(scheme: String, host: String, region: String, credentials: AWSCredentials?, pathStyle: Bool) {
        self.scheme = scheme
        self.host = host
        self.region = region
        self.credentials = credentials
        self.pathStyle = pathStyle
    }

    /// The configuration in the AWS SDKs' order:
    /// - credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`; else from the
    ///   profile (`AWS_PROFILE`, else `default`) in `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`),
    ///   then in `~/.aws/config` (or `AWS_CONFIG_FILE`);
    /// - the region from `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region`, else `us-east-1`;
    /// - the endpoint from `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL` or the profile's `endpoint_url`
    ///   (path-style addressing), else AWS's own for the region (virtual-hosted).
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(StorageError) -> S3Configuration {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let home = value("HOME") ?? NSHomeDirectory()
        let profileName = value("AWS_PROFILE") ?? value("AWS_DEFAULT_PROFILE") ?? "default"
        let credentialsFile = INIFile(path: value("AWS_SHARED_CREDENTIALS_FILE") ?? home + "/.aws/credentials")
        let configFile = INIFile(path: value("AWS_CONFIG_FILE") ?? home + "/.aws/config")
        // In the config file a profile's section is `[profile NAME]`, except `[default]`.
        let credentialsProfile = credentialsFile?.sections[profileName] ?? [:]
        let configProfile = configFile?.sections[profileName == "default" ? "default" : "profile " + profileName] ?? [:]

        var credentials: AWSCredentials?
        if let key = value("AWS_ACCESS_KEY_ID"), let secret = value("AWS_SECRET_ACCESS_KEY") {
            credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
        } else {
            for profile in [credentialsProfile, configProfile] {
                if let key = profile["aws_access_key_id"], let secret = profile["aws_secret_access_key"] {
                    credentials = AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
                    break
                }
            }
        }
        let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") ?? configProfile["region"] ?? "us-east-1"
        guard let endpoint = value("AWS_ENDPOINT_URL_S3") ?? value("AWS_ENDPOINT_URL") ?? configProfile["endpoint_url"] else {
            return S3Configuration(scheme: "https", host: "s3.\(region).amazonaws.com", region: region, credentials: credentials,
                                   pathStyle: false)
        }
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
              let host = url.host, !host.isEmpty else {
            throw StorageError(.badLocation, location: endpoint, "the S3 endpoint must be a URL such as http://127.0.0.1:8333")
        }
        return S3Configuration(scheme: scheme, host: url.port.map { "\(host):\($0)" } ?? host, region: region,
                               credentials: credentials, pathStyle: true)
    }
}

/// The sections of an AWS-style INI file: `[name]` lines, then `key = value` lines; `#` and `;` start comments.
struct INIFile {
    var sections: [String: [String: String]] = [:]

    init?(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var current: String?
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                current = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            sections[section, default: [:]][key] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
    }
}
