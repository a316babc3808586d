import Glibc

/// Parses numbers from ASCII bytes, exactly (the double nearest the decimal,
/// as `strtod` gives) and fast: Clinger's fast path when the digits and the
/// power of ten are both exact doubles, the Eisel-Lemire algorithm for up to
/// 19 significant digits otherwise, and `strtod` for longer inputs.
///
/// The whole field must be the number: `12`, `-0.5`, `+3.`, `.25`, `1e-3`,
/// `6.02E+23`. Words (`nan`, `inf`), hex and surrounding spaces are not numbers.
public enum NumberParser {
    /// Whether the field starts as a number with a leading zero (`08123`, `-007`; not `0`, `0.5`): an
    /// identifier such as a zip code, which reading as a number would change.
    @inline(__always)
    public static func hasLeadingZero(_ bytes: UnsafePointer<UInt8>, count: Int) -> Bool {
        var index = 0
        if count > 0, bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") { index = 1 }
        return index + 1 < count && bytes[index] == UInt8(ascii: "0") && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index + 1])
    }

    /// The field as a whole number, or nil (also on overflow).
    @inline(__always)
    public static func parseInteger(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int64? {
        guard let (value, length) = scanInteger(bytes, limit: count), length == count else { return nil }
        return value
    }

    /// The whole number at the start of `bytes` and how many bytes it takes, or nil.
    @inline(__always)
    public static func scanInteger(_ bytes: UnsafePointer<UInt8>, limit count: Int) -> (Int64, Int)? {
        guard count > 0 else { return nil }
        var index = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            index = 1
            guard count > 1 else { return nil }
        }
        var magnitude: UInt64 = 0
        let digitsStart = index
        while index < count {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            index += 1
        }
        guard index > digitsStart else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return (magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude), index)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return (Int64(magnitude), index)
    }

    /// The field as a double, or nil.
    @inline(__always)
    public static func parseDouble(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double? {
        guard let (value, length) = scanDouble(bytes, limit: count), length == count else { return nil }
        return value
    }

    /// The number at the start of `bytes` and how many bytes it takes, or nil
    /// when they do not start with one. It takes as much as forms a number:
    /// `12.5e3,` gives 12500 and 6; `1e,` gives nil (an exponent needs digits).
    @inline(__always)
    public static func scanDouble(_ bytes: UnsafePointer<UInt8>, limit: Int) -> (Double, Int)? {
        guard limit > 0 else { return nil }
        var index = 0
        let negative = bytes[0] == UInt8(ascii: "-")
        if negative || bytes[0] == UInt8(ascii: "+") { index = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var droppedNonZero = false
        let integerStart = index
        while index < limit {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                digits += 1
            } else {
                exponent += 1
                droppedNonZero = droppedNonZero || digit != 0
            }
            index += 1
        }
        var sawDigit = index > integerStart
        if index < limit, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            // Eight digits at a time while they fit in the 19 kept.
            while digits + 8 <= 19, index + 8 <= limit {
                let word = UnsafeRawPointer(bytes + index).loadUnaligned(as: UInt64.self)
                guard isEightDigits(word) else { break }
                mantissa = mantissa &* 100_000_000 &+ UInt64(eightDigitsValue(word))
                digits += 8
                exponent -= 8
                index += 8
            }
            while index < limit {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    digits += 1
                    exponent -= 1
                } else {
                    droppedNonZero = droppedNonZero || digit != 0
                }
                index += 1
            }
            sawDigit = sawDigit || index > fractionStart
        }
        guard sawDigit else { return nil }
        if index < limit, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            var exponentNegative = false
            if index < limit, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentStart = index
            var written = 0
            while index < limit {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                if written < 100_000 { written = written * 10 + Int(digit) }
                index += 1
            }
            guard index > exponentStart else { return nil }
            exponent += exponentNegative ? -written : written
        }
        if droppedNonZero { return (parseWithStrtod(bytes, count: index), index) }
        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else if mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            magnitude = exponent < 0 ? Double(mantissa) / exactPowersOfTen[-exponent]
                : Double(mantissa) * exactPowersOfTen[exponent]
        } else {
            magnitude = eiselLemire(decimalExponent: exponent, mantissa: mantissa)
        }
        return (negative ? -magnitude : magnitude, index)
    }

    /// Whether the eight bytes of `word` (little-endian) are all ASCII digits.
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        (word & 0xF0F0_F0F0_F0F0_F0F0) | (((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4)
            == 0x3333_3333_3333_3333
    }

    /// The value of eight ASCII digits loaded little-endian, by multiplying pairs, then quads.
    @inline(__always)
    static func eightDigitsValue(_ word: UInt64) -> UInt32 {
        var value = word & 0x0F0F_0F0F_0F0F_0F0F
        value = (value &* (10 << 8 + 1)) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* (100 << 16 + 1)) >> 16
        return UInt32(truncatingIfNeeded: ((value & 0x0000_FFFF_0000_FFFF) &* (10_000 << 32 + 1)) >> 32)
    }

    /// The double nearest `mantissa × 10^decimalExponent`, for a non-zero
    /// mantissa of at most 19 digits (Lemire, "Number Parsing at a Gigabyte
    /// per Second"; with Mushtak and Lemire's proof that the 128-bit product
    /// always suffices, no fallback is needed).
    static func eiselLemire(decimalExponent q: Int, mantissa w: UInt64) -> Double {
        if q < powersOfFiveSmallestExponent { return 0 }
        if q > 308 { return .infinity }
        let leadingZeros = w.leadingZeroBitCount
        let normalised = w << UInt64(leadingZeros)
        let index = 2 * (q - powersOfFiveSmallestExponent)
        var product = normalised.multipliedFullWidth(by: powersOfFive128[index])
        let precisionMask: UInt64 = UInt64.max >> 55
        if product.high & precisionMask == precisionMask {
            let second = normalised.multipliedFullWidth(by: powersOfFive128[index + 1])
            product.low = product.low &+ second.high
            if second.high > product.low { product.high &+= 1 }
        }
        let upperBit = Int(product.high >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var binaryMantissa = product.high >> shift
        var binaryExponent = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if binaryExponent <= 0 {
            // Subnormal, or zero.
            if -binaryExponent + 1 >= 64 { return 0 }
            binaryMantissa >>= UInt64(-binaryExponent + 1)
            binaryMantissa += binaryMantissa & 1
            binaryMantissa >>= 1
            binaryExponent = binaryMantissa < 1 << 52 ? 0 : 1
            return Double(bitPattern: UInt64(binaryExponent) << 52 | binaryMantissa)
        }
        // Exactly halfway between two doubles: round to even.
        if product.low <= 1, q >= -4, q <= 23, binaryMantissa & 3 == 1, binaryMantissa << shift == product.high {
            binaryMantissa &= ~1
        }
        binaryMantissa += binaryMantissa & 1
        binaryMantissa >>= 1
        if binaryMantissa >= 2 << 52 {
            binaryMantissa = 1 << 52
            binaryExponent += 1
        }
        binaryMantissa &= ~(1 << 52)
        if binaryExponent >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(binaryExponent) << 52 | binaryMantissa)
    }

    /// More than 19 significant digits: let the C library round them.
    private static func parseWithStrtod(_ bytes: UnsafePointer<UInt8>, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for index in 0..<count { buffer[index] = CChar(bitPattern: bytes[index]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}

/// 10^0 … 10^22, each exactly representable as a double. A literal, so it needs
/// no lazy initialisation on the hot path.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
]
