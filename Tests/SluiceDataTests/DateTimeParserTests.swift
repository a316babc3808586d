import Foundation
import Testing
@testable import SluiceData

@Suite("Dates and times")
struct DateTimeParserTests {
    private func iso(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { DateTimeParser.parseISO($0.baseAddress!, count: $0.count) }
    }

    @Test("ISO 8601 dates and timestamps, with T or a space, fractions and offsets; impossible dates refused")
    func isoText() {
        let day = DateTimeParser.microsecondsPerDay
        #expect(iso("1970-01-01") == 0)
        #expect(iso("2024-02-29") == 19_782 * day)
        #expect(iso("2023-02-29") == nil)
        #expect(iso("2024-13-01") == nil)
        #expect(iso("1969-12-31T23:59:59") == -1_000_000)
        #expect(iso("2024-01-05 10:30") == iso("2024-01-05T10:30:00"))
        #expect(iso("2024-01-05T10:30:00.5") == iso("2024-01-05T10:30:00")! + 500_000)
        #expect(iso("2024-01-05T10:30:00Z") == iso("2024-01-05T10:30:00"))
        #expect(iso("2024-01-05T12:30:00+02:00") == iso("2024-01-05T10:30:00"))
        #expect(iso("2024-01-05T05:00:00-0530") == iso("2024-01-05T10:30:00"))
        #expect(iso("2024-1-5") == nil)
        #expect(iso("20240105") == nil)
        #expect(iso("2024-01-05T25:00") == nil)
    }

    @Test("strftime-style patterns")
    func patterns() {
        #expect(DateTimeParser.parse("05/01/2024", pattern: "%d/%m/%Y") == iso("2024-01-05"))
        #expect(DateTimeParser.parse("Jan 5, 24 3:07 PM", pattern: "%b %d, %y %I:%M %p") == iso("2024-01-05T15:07"))
        #expect(DateTimeParser.parse("12 AM 2024-01-05", pattern: "%I %p %Y-%m-%d") == iso("2024-01-05"))
        #expect(DateTimeParser.parse("2024-01-05x", pattern: "%Y-%m-%d") == nil)
        #expect(DateTimeParser.parse("31/02/2024", pattern: "%d/%m/%Y") == nil)
    }

    @Test("civil dates round-trip over four centuries, and values are written in ISO 8601")
    func civilAndFormat() {
        for days in stride(from: Int64(-146_097), through: 146_097, by: 37) {
            let (year, month, day) = DateTimeParser.civil(days: days)
            #expect(DateTimeParser.days(year: year, month: month, day: day) == days)
        }
        #expect(DateTimeParser.format(iso("1969-12-31T23:59:59.25")!, dateOnly: false) == "1969-12-31T23:59:59.250000")
        #expect(DateTimeParser.format(iso("2024-01-05")!, dateOnly: true) == "2024-01-05")
        #expect(DateTimeParser.format(iso("2024-01-05T10:30")!, dateOnly: false) == "2024-01-05T10:30:00")
    }
}
