import CCrypto

/// SHA-256 and HMAC-SHA256, from the system's OpenSSL (`libcrypto`): what signing S3 requests (SigV4) and Jupyter
/// messages needs. A system library rather than swift-crypto, whose own copy of BoringSSL (some 270 C files, beside
/// swift-nio-ssl's) every clean build compiled for these two functions.
public enum Digest {
    /// The SHA-256 of `bytes`.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            _ = SHA256(input.baseAddress, input.count, &digest)
        }
        return digest
    }

    /// The HMAC-SHA256 of `bytes` under `key`.
    public static func hmacSHA256(key: [UInt8], _ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        key.withUnsafeBytes { secret in
            bytes.withUnsafeBufferPointer { input in
                _ = HMAC(EVP_sha256(), secret.baseAddress, Int32(secret.count),
                         input.baseAddress, input.count, &digest, &length)
            }
        }
        return digest
    }

    /// Lowercase hexadecimal.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
