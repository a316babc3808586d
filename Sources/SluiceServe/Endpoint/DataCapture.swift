import Foundation
import SluiceStorage
import Synchronization

/// Data capture's counts.
public struct CaptureCounts: Sendable, Equatable {
    public var written: Int
    public var dropped: Int
    public var failed: Int
    public var pending: Int
}

/// Writes a sample of an endpoint's requests and responses as JSON Lines in SageMaker's capture
/// format, under `FOLDER/AllTraffic/YYYY/MM/DD/HH/` (UTC hours), locally or in S3.
///
/// Requests only queue a record; a thread of its own formats and writes them. The queue is bounded:
/// when it is full (a slow or full disk, a slow bucket) records are dropped and counted, so capture
/// never fails or slows a request. Locally each process appends to one file an hour; S3 objects cannot
/// be appended to, so there each write is a new object of what was queued, at most one a second.
public final class DataCapture: Sendable {
    /// One captured invocation.
    struct Record: Sendable {
        var input: [UInt8]
        var inputType: String
        var output: [UInt8]
        var outputType: String
        var time: Date
        var id: UUID
        /// The caller's id for the request (SageMaker's `InferenceId`), which ground truth is merged by.
        var inferenceId: String?
    }

    /// Where the files go: the endpoint's folder.
    public let folder: StorageLocation
    /// The share of requests captured, 0 to 100.
    public let percent: Double
    /// Records waiting to be written, and how many the writer has taken and not finished.
    private let queue = Mutex<(waiting: [Record], inBatch: Int)>(([], 0))
    private let wakeUp = DispatchSemaphore(value: 0)
    private let counts = Mutex((captured: 0, dropped: 0, failed: 0))
    private let capacity: Int

    /// Starts capturing `percent`% of requests into `folder`; at most `capacity` records wait to be written.
    public init(folder: StorageLocation, percent: Double, capacity: Int = 10_000) {
        self.folder = folder
        self.percent = max(0, min(100, percent))
        self.capacity = capacity
        let thread = Thread { [self] in writeForever() }
        thread.name = "sluice-capture"
        thread.start()
    }

    /// Counts so far: records written, dropped because the queue was full, lost to write errors, and
    /// waiting to be written.
    public var statistics: CaptureCounts {
        let done = counts.withLock { $0 }
        let pending = queue.withLock { $0.waiting.count + $0.inBatch }
        return CaptureCounts(written: done.captured, dropped: done.dropped, failed: done.failed, pending: pending)
    }

    /// Offers an invocation for capture; takes it when the sample draws it and the queue has room. `inferenceId` is
    /// the caller's id for the request, when it gave one.
    public func offer(input: [UInt8], inputType: String, output: [UInt8], outputType: String, inferenceId: String? = nil) {
        guard percent > 0, percent >= 100 || Double.random(in: 0..<100) < percent else { return }
        let record = Record(input: input, inputType: inputType, output: output, outputType: outputType, time: Date(), id: UUID(),
                            inferenceId: inferenceId)
        let queued = queue.withLock { state -> Bool in
            guard state.waiting.count < capacity else { return false }
            state.waiting.append(record)
            return true
        }
        if queued {
            wakeUp.signal()
        } else {
            counts.withLock { $0.dropped += 1 }
        }
    }

    /// Blocks until every queued record has been written (for tests and shutdown).
    public func flush(timeout: TimeInterval = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, queue.withLock({ !$0.waiting.isEmpty || $0.inBatch > 0 }) {
            usleep(2_000)
        }
    }

    /// The least time between two objects written to S3.
    private static let objectInterval: TimeInterval = 1

    private func writeForever() {
        var open: (file: AppendingFile, hour: StorageLocation)?
        var lastObject = Date.distantPast
        while true {
            wakeUp.wait()
            if case .s3 = folder {
                // Let a second's records gather into one object.
                let wait = Self.objectInterval - Date().timeIntervalSince(lastObject)
                if wait > 0 { usleep(useconds_t(wait * 1_000_000)) }
            }
            let batch = queue.withLock { state -> [Record] in
                let taken = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                state.inBatch = taken.count
                return taken
            }
            guard !batch.isEmpty else { continue }
            switch folder {
            case .local:
                for record in batch {
                    let hour = hourFolder(for: record.time)
                    do {
                        if open?.hour != hour {
                            try? open?.file.close()
                            try FileManager.default.createDirectory(atPath: hour.description, withIntermediateDirectories: true)
                            open = (try AppendingFile(path: hour.appending(Self.fileName(startingAt: record.time)).description), hour)
                        }
                        try open!.file.write(Self.line(for: record))
                        counts.withLock { $0.captured += 1 }
                    } catch {
                        open = nil
                        counts.withLock { $0.failed += 1 }
                    }
                }
            case .s3:
                lastObject = Date()
                for (hour, records) in Dictionary(grouping: batch, by: { hourFolder(for: $0.time) }).sorted(by: { $0.key.description < $1.key.description }) {
                    do {
                        try Storage.write(records.flatMap(Self.line(for:)), to: hour.appending(Self.fileName(startingAt: records[0].time)))
                        counts.withLock { $0.captured += records.count }
                    } catch {
                        counts.withLock { $0.failed += records.count }
                    }
                }
            }
            queue.withLock { $0.inBatch = 0 }
        }
    }

    /// A capture file's name as SageMaker names them: the minute, second and millisecond of its first record,
    /// then a random UUID (`07-43-051-6c1f….jsonl`), in its hour's folder.
    static func fileName(startingAt time: Date) -> String {
        let parts = UTCTime(time)
        return "\(parts.minute)-\(parts.second)-\(parts.milliseconds)-\(UUID().uuidString.lowercased()).jsonl"
    }

    private func hourFolder(for time: Date) -> StorageLocation {
        let parts = UTCTime(time)
        return folder.appending("AllTraffic/\(parts.year)/\(parts.month)/\(parts.day)/\(parts.hour)")
    }

    /// The record as one line of SageMaker's capture format (written by hand: this runs for every
    /// captured request, and a generic JSON writer costs more than the request itself).
    static func line(for record: Record) -> [UInt8] {
        func payload(_ bytes: [UInt8], type: String, mode: String) -> String {
            let text = String(validating: bytes, as: UTF8.self)
            let encoding = text == nil ? "BASE64" : (PayloadFormat.ofContentType(type) == .csv ? "CSV" : "JSON")
            return #"{"observedContentType":\#(jsonString(type)),"mode":"\#(mode)","data":\#(jsonString(text ?? Data(bytes).base64EncodedString())),"encoding":"\#(encoding)"}"#
        }
        let input = payload(record.input, type: record.inputType, mode: "INPUT")
        let output = payload(record.output, type: record.outputType, mode: "OUTPUT")
        let inference = record.inferenceId.map { #","inferenceId":\#(jsonString($0))"# } ?? ""
        let metadata = #"{"eventId":"\#(record.id.uuidString.lowercased())"\#(inference),"inferenceTime":"\#(UTCTime(record.time).iso8601)"}"#
        return Array(#"{"captureData":{"endpointInput":\#(input),"endpointOutput":\#(output)},"eventMetadata":\#(metadata),"eventVersion":"0"}"#.utf8)
            + [UInt8(ascii: "\n")]
    }
}

/// A time's UTC calendar fields, zero-padded as capture paths and `inferenceTime` write them
/// (from gmtime_r: Foundation's calendars and formatters cost more than a request).
struct UTCTime {
    let year: String, month: String, day: String, hour: String, minute: String, second: String, milliseconds: String

    init(_ time: Date) {
        let seconds = time.timeIntervalSince1970
        var whole = time_t(seconds.rounded(.down))
        var fields = tm()
        gmtime_r(&whole, &fields)
        func padded(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        year = padded(fields.tm_year + 1900, 4)
        month = padded(fields.tm_mon + 1, 2)
        day = padded(fields.tm_mday, 2)
        hour = padded(fields.tm_hour, 2)
        minute = padded(fields.tm_min, 2)
        second = padded(fields.tm_sec, 2)
        milliseconds = padded(Int32(min(999, ((seconds - seconds.rounded(.down)) * 1000).rounded(.down))), 3)
    }

    /// `2026-11-25T06:07:35.197Z`.
    var iso8601: String { "\(year)-\(month)-\(day)T\(hour):\(minute):\(second).\(milliseconds)Z" }
}
