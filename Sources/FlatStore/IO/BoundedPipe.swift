import Dispatch
import Synchronization

/// A small blocking queue between two threads, so parsing and applying a snapshot overlap.
final class BoundedPipe<Element: Sendable>: Sendable {
    private let items = DispatchSemaphore(value: 0)
    private let space: DispatchSemaphore
    private let buffer = Mutex<(queue: [Element], closed: Bool, cancelled: Bool)>(([], false, false))

    init(capacity: Int) {
        space = DispatchSemaphore(value: capacity)
    }

    /// Adds an element, waiting while the pipe is full; returns false once the consumer cancelled.
    func push(_ element: Element) -> Bool {
        space.wait()
        let accepted = buffer.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.queue.append(element)
            return true
        }
        items.signal()
        return accepted
    }

    /// How many elements wait to be taken.
    var backlog: Int { buffer.withLock { $0.queue.count } }

    /// Marks the end of the stream.
    func close() {
        buffer.withLock { $0.closed = true }
        items.signal()
    }

    /// Takes the next element, waiting for one; nil once the pipe is closed and drained.
    func pop() -> Element? {
        while true {
            items.wait()
            let (element, closed) = buffer.withLock { state -> (Element?, Bool) in
                state.queue.isEmpty ? (nil, state.closed) : (state.queue.removeFirst(), false)
            }
            if let element {
                space.signal()
                return element
            }
            if closed { return nil }
        }
    }

    /// Tells the producer to stop (the consumer gave up); unblocks a waiting `push`.
    func cancel() {
        buffer.withLock { $0.cancelled = true }
        space.signal()
    }
}
