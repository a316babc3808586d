/// Dates and times as microseconds since 1970-01-01T00:00:00 UTC: read from ISO 8601 text (what CSV
/// inference recognises) or by a strftime-style pattern, and written back in ISO 8601.
///
/// A time without an offset is taken as it is written (a wall-clock time, as pandas' naive
/// timestamps); `Z` or an offset (`+02:00`, `-0530`) converts it to UTC.
public enum DateTimeParser {
    public static let microsecondsPerDay: Int64 = 86_400_000_000

    /// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.ffffff]]`, optionally by `Z`
    /// or an offset; nil for anything else (including impossible dates such as February 30).
    public static func parseISO(_ bytes: UnsafePointer<UInt8>, count: Int) -> Int64? {
        var scanner = Scanner(bytes: bytes, count: count)
        guard let year = scanner.digits(4), scanner.take("-"), let month = scanner.digits(2), scanner.take("-"),
              let day = scanner.digits(2), let date = days(year: year, month: month, day: day) else { return nil }
        var micros = date * microsecondsPerDay
        if scanner.atEnd { return micros }
        guard scanner.take("T") || scanner.take(" "), let hour = scanner.digits(2), hour < 24, scanner.take(":"),
              let minute = scanner.digits(2), minute < 60 else { return nil }
        var seconds = 0, fraction = 0
        if scanner.take(":") {
            guard let s = scanner.digits(2), s < 60 else { return nil }
            seconds = s
            if scanner.take(".") || scanner.take(",") {
                guard let (value, digits) = scanner.fraction(), digits > 0 else { return nil }
                fraction = value
            }
        }
        micros += Int64(((hour * 60 + minute) * 60 + seconds)) * 1_000_000 + Int64(fraction)
        if scanner.atEnd { return micros }
        guard let offset = scanner.offset(), scanner.atEnd else { return nil }
        return micros - Int64(offset) * 60_000_000
    }

    /// ``parseISO(_:count:)`` of a string.
    public static func parseISO(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { $0.isEmpty ? nil : parseISO($0.baseAddress!, count: $0.count) }
    }

    /// `text` read with a strftime-style `pattern`: `%Y` (4-digit year), `%y` (2-digit, 1969–2068 as
    /// Python), `%m`, `%d`, `%H`, `%I` with `%p`, `%M`, `%S`, `%f` (up to 6 digits), `%b`/`%B` (English
    /// month names), `%z` (offset) and `%%`; other characters must match themselves. Nil when the text
    /// does not follow the pattern or names an impossible date.
    public static func parse(_ text: String, pattern: String) -> Int64? {
        let bytes = Array(text.utf8) + [0]  // never empty: the scanner needs an address
        return bytes.withUnsafeBufferPointer { parse($0.baseAddress!, count: $0.count - 1, pattern: pattern) }
    }

    /// `count` bytes read with a strftime-style `pattern` (see ``parse(_:pattern:)``).
    public static func parse(_ bytes: UnsafePointer<UInt8>, count: Int, pattern: String) -> Int64? {
        var scanner = Scanner(bytes: bytes, count: count)
        var year = 1900, month = 1, day = 1, hour = 0, minute = 0, second = 0, fraction = 0, offset = 0
        var afternoon: Bool?
        var patternBytes = Array(pattern.utf8)[...]
        while let next = patternBytes.popFirst() {
            guard next == UInt8(ascii: "%"), let directive = patternBytes.popFirst() else {
                guard scanner.take(next) else { return nil }
                continue
            }
            switch directive {
            case UInt8(ascii: "Y"): guard let v = scanner.digits(4) else { return nil }; year = v
            case UInt8(ascii: "y"): guard let v = scanner.upTo(2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
            case UInt8(ascii: "m"): guard let v = scanner.upTo(2) else { return nil }; month = v
            case UInt8(ascii: "d"): guard let v = scanner.upTo(2) else { return nil }; day = v
            case UInt8(ascii: "H"), UInt8(ascii: "I"): guard let v = scanner.upTo(2) else { return nil }; hour = v
            case UInt8(ascii: "M"): guard let v = scanner.upTo(2) else { return nil }; minute = v
            case UInt8(ascii: "S"): guard let v = scanner.upTo(2) else { return nil }; second = v
            case UInt8(ascii: "f"): guard let (v, digits) = scanner.fraction(), digits > 0 else { return nil }; fraction = v
            case UInt8(ascii: "p"):
                if scanner.takeWord("AM") { afternoon = false } else if scanner.takeWord("PM") { afternoon = true } else { return nil }
            case UInt8(ascii: "b"), UInt8(ascii: "B"): guard let v = scanner.monthName() else { return nil }; month = v
            case UInt8(ascii: "z"): guard let v = scanner.offset() else { return nil }; offset = v
            case UInt8(ascii: "%"): guard scanner.take("%") else { return nil }
            default: return nil
            }
        }
        guard scanner.atEnd else { return nil }
        if let afternoon {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (afternoon ? 12 : 0)
        }
        guard hour < 24, minute < 60, second < 60, let date = days(year: year, month: month, day: day) else { return nil }
        return date * microsecondsPerDay + Int64((hour * 60 + minute) * 60 + second) * 1_000_000 + Int64(fraction)
            - Int64(offset) * 60_000_000
    }

    /// The day (since 1970-01-01) that a time in microseconds falls on: rounded down, also before 1970.
    public static func days(of micros: Int64) -> Int64 {
        micros >= 0 ? micros / microsecondsPerDay : (micros - microsecondsPerDay + 1) / microsecondsPerDay
    }

    /// The directives that patterns may use, for messages.
    public static let directives = "%Y %y %m %d %H %I %p %M %S %f %b %B %z %%"

    /// Why `pattern` cannot be read with, or nil when it can: a directive that is not one of ``directives``.
    public static func patternProblem(_ pattern: String) -> String? {
        var characters = pattern[...]
        while let next = characters.popFirst() {
            guard next == "%" else { continue }
            guard let directive = characters.popFirst() else { return "ends with a lone %" }
            guard "YymdHIpMSfbBz%".contains(directive) else { return "uses %\(directive), which dates are not read with" }
        }
        return nil
    }

    /// Days since 1970-01-01 of a date in the proleptic Gregorian calendar, nil when it does not exist
    /// (Howard Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int64? {
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Int64(era * 146_097 + dayOfEra - 719_468)
    }

    /// The civil date of a day count since 1970-01-01 (civil_from_days).
    public static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// ISO 8601, a midnight as its date alone.
    public static func format(_ micros: Int64) -> String {
        format(micros, dateOnly: isMidnight(micros))
    }

    /// Whether an instant is the start of its day (a date without a time).
    public static func isMidnight(_ micros: Int64) -> Bool { micros % microsecondsPerDay == 0 }

    /// ISO 8601: `YYYY-MM-DD` when `dateOnly`, else `YYYY-MM-DDTHH:MM:SS`, with `.ffffff` when the value
    /// has a fraction of a second.
    public static func format(_ micros: Int64, dateOnly: Bool) -> String {
        let days = days(of: micros)
        let (year, month, day) = civil(days: days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        guard !dateOnly else { return text }
        let within = micros - days * microsecondsPerDay
        let seconds = Int(within / 1_000_000), fraction = Int(within % 1_000_000)
        text += "T" + pad(seconds / 3600, 2) + ":" + pad(seconds / 60 % 60, 2) + ":" + pad(seconds % 60, 2)
        if fraction > 0 { text += "." + pad(fraction, 6) }
        return text
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Reads bytes left to right.
    private struct Scanner {
        let bytes: UnsafePointer<UInt8>
        let count: Int
        var position = 0

        var atEnd: Bool { position == count }

        mutating func take(_ character: Character) -> Bool { take(character.asciiValue!) }

        mutating func take(_ byte: UInt8) -> Bool {
            guard position < count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        /// Exactly `width` digits.
        mutating func digits(_ width: Int) -> Int? {
            guard position + width <= count else { return nil }
            var value = 0
            for index in position..<(position + width) {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            position += width
            return value
        }

        /// One to `width` digits.
        mutating func upTo(_ width: Int) -> Int? {
            var value = 0, taken = 0
            while taken < width, position < count, bytes[position] >= 48, bytes[position] <= 57 {
                value = value * 10 + Int(bytes[position] - 48)
                position += 1
                taken += 1
            }
            return taken > 0 ? value : nil
        }

        /// Up to six digits of a fraction of a second, as microseconds (more are read and dropped).
        mutating func fraction() -> (Int, Int)? {
            var value = 0, taken = 0
            while position < count, bytes[position] >= 48, bytes[position] <= 57 {
                if taken < 6 { value = value * 10 + Int(bytes[position] - 48) }
                position += 1
                taken += 1
            }
            for _ in min(taken, 6)..<6 { value *= 10 }
            return (value, taken)
        }

        /// `Z`, `±HH`, `±HH:MM` or `±HHMM`, in minutes east of UTC.
        mutating func offset() -> Int? {
            if take("Z") { return 0 }
            let sign: Int
            if take("+") { sign = 1 } else if take("-") { sign = -1 } else { return nil }
            guard let hours = digits(2), hours <= 23 else { return nil }
            var minutes = 0
            if take(":") {
                guard let m = digits(2) else { return nil }
                minutes = m
            } else if let m = digits(2) {
                minutes = m
            }
            guard minutes < 60 else { return nil }
            return sign * (hours * 60 + minutes)
        }

        mutating func takeWord(_ word: String) -> Bool {
            let letters = Array(word.utf8)
            guard position + letters.count <= count else { return false }
            for (index, letter) in letters.enumerated() where bytes[position + index] | 0x20 != letter | 0x20 { return false }
            position += letters.count
            return true
        }

        /// An English month name, full or its first three letters, in any case.
        mutating func monthName() -> Int? {
            let names = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                         "november", "december"]
            for (index, name) in names.enumerated() where takeWord(name) { return index + 1 }
            for (index, name) in names.enumerated() where takeWord(String(name.prefix(3))) { return index + 1 }
            return nil
        }
    }
}
