import EarshotCore
import Foundation
import Testing

/// `Day` converts with integer arithmetic; Foundation's Gregorian calendar in UTC is the reference.
@Suite struct DayTests {
    var utc: Calendar {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }

    @Test func dayContainingAMomentAgreesWithTheCalendar() {
        let calendar = utc
        // Every 7 hours and 13 minutes from 1900 to 2200, so every time of day and both sides of midnight occur.
        var t = -2_208_988_800.0
        while t < 7_258_118_400 {
            let date = Date(timeIntervalSince1970: t)
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            let day = Day(containing: date)
            #expect(day == Day(year: c.year!, month: c.month!, day: c.day!), "at \(t)")
            if day.year != c.year! || day.month != c.month! || day.day != c.day! { break }
            t += 7 * 3_600 + 13 * 60
        }
    }

    @Test func startOfDayAgreesWithTheCalendarAndRoundTrips() {
        let calendar = utc
        for text in ["1970-01-01", "1969-12-31", "2000-02-29", "2024-02-29", "2100-03-01", "1900-02-28", "2026-11-22", "9999-12-31", "1600-01-01"] {
            let day = Day(text)!
            let expected = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
            #expect(day.startDate == expected, "\(text)")
            #expect(Day(containing: day.startDate) == day)
            #expect(Day(containing: day.startDate.addingTimeInterval(86_399.999)) == day)
            #expect(Day(containing: day.startDate.addingTimeInterval(-0.001)) != day)
        }
    }
}

/// `JSONWriter` writes strings and dates without Foundation's encoder and formatter; they are the reference.
@Suite struct JSONWriterTextTests {
    @Test func datesMatchTheISO8601FormatStyle() {
        var t = 0.0
        while t < 4_102_444_800 {  // 1970 to 2100, with fractions of a second
            let d = Date(timeIntervalSince1970: t)
            var w = JSONWriter()
            w.date(d)
            #expect(String(decoding: w.bytes, as: UTF8.self) == "\"" + d.formatted(.iso8601) + "\"", "at \(t)")
            t += 86_399.37 * 3.3
        }
    }

    @Test func stringsMatchJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        for s in ["plain", "", "a \"quote\" and \\ back", "tab\tnew\nline\r", "\u{01}\u{1f}", "ünïcödé 日本語 🏔️", "https://x.y/z"] {
            var w = JSONWriter()
            w.string(s)
            #expect(w.bytes == Array(try encoder.encode(s)), "\(s)")
        }
    }
}

@Suite struct ImpressionIDTests {
    @Test func randomIDsAreVersion7UUIDsThatSortByTime() {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let ids = (0..<2_000).map { n in ImpressionID.random(at: start.addingTimeInterval(Double(n) * 0.002)).rawValue }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())  // 2 ms apart: each id sorts after the one before
        for id in ids.prefix(200) {
            #expect(id.hasPrefix("imp-"))
            let uuid = UUID(uuidString: String(id.dropFirst(4)))
            #expect(uuid != nil, "\(id)")
            #expect(uuid?.uuidString.lowercased() == String(id.dropFirst(4)))
            let chars = Array(id.dropFirst(4))
            #expect(chars[14] == "7")
            #expect("89ab".contains(chars[19]))
        }
        // The first 48 bits are the milliseconds.
        let first = Array(ids[0].dropFirst(4)).filter { $0 != "-" }
        #expect(UInt64(String(first[0..<12]), radix: 16) == 1_780_000_000_000)
    }
}
