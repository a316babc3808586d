import Dispatch
import Foundation

/// Runs `body` for `0..<count` on up to `threads` cores; each call gets its index.
func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 1 || threads <= 1 {
        for index in 0..<count { body(index) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// The number of cores to use by default, read once (asking the system reads files each time).
public let defaultThreadCount: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// A buffer written by parallel tasks at disjoint indices.
///
/// `@unchecked Sendable`: tasks write only their own elements; the owner
/// reads after the parallel section has finished.
public final class SharedBuffer<Element>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Element>
    let count: Int

    /// `count` elements, each `value`.
    public init(repeating value: Element, count: Int) {
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: value, count: count)
        self.count = count
    }

    deinit {
        pointer.deinitialize(count: count)
        pointer.deallocate()
    }

    public subscript(index: Int) -> Element {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    /// The elements, copied out.
    public var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }
}
