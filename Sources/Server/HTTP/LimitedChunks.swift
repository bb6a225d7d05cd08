/// A body read chunk by chunk that may not exceed a number of bytes: a streamed request body whose
/// length was not declared is limited as it arrives, never collected first.
struct LimitedChunks<Base: AsyncSequence>: AsyncSequence where Base.Element == [UInt8] {
    typealias Element = [UInt8]

    let base: Base
    let limit: Int

    init(_ base: Base, limit: Int) {
        self.base = base
        self.limit = limit
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let limit: Int
        var seen = 0

        mutating func next() async throws -> [UInt8]? {
            guard let chunk = try await base.next() else { return nil }
            seen += chunk.count
            if seen > limit { throw BodyTooLarge(limit: limit) }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit) }
}

/// A streamed body went past its limit.
struct BodyTooLarge: Error {
    /// The limit, in bytes.
    let limit: Int
}
