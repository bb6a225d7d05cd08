import Hummingbird
import Synchronization

/// Counts answered requests for `GET /api/metrics`: in all, those answered with an error, and
/// those of the last minute. One instance is shared by the middleware and the metrics controller.
final class RequestCounter: Sendable {
    /// The figures at one moment.
    struct Snapshot: Encodable, Sendable, Equatable {
        /// Requests answered since start.
        var total = 0
        /// Requests answered with a status of 400 or more, i.e. with the error envelope.
        var errors = 0
        /// Requests answered in the last 60 seconds.
        var perMinute = 0
    }

    /// The running totals and one bucket per second of the last minute, indexed by second mod 60.
    private struct State {
        var totals = Snapshot()
        var seconds = [Int64](repeating: -1, count: 60)
        var counts = [Int](repeating: 0, count: 60)
    }

    private let state = Mutex(State())
    /// Where "now" comes from, for the last minute's buckets.
    private let clock: any WallClock

    /// A counter at zero, reading the time from `clock`.
    init(clock: any WallClock) {
        self.clock = clock
    }

    /// Counts one answered request with `status`, now.
    func record(status: Int) {
        record(status: status, at: currentSecond())
    }

    /// Counts one answered request with `status`, at `second` (epoch seconds).
    func record(status: Int, at second: Int64) {
        state.withLock { state in
            state.totals.total += 1
            if status >= 400 { state.totals.errors += 1 }
            let slot = Int(second % 60)
            if state.seconds[slot] != second {
                state.seconds[slot] = second
                state.counts[slot] = 0
            }
            state.counts[slot] += 1
        }
    }

    /// The figures now.
    func snapshot() -> Snapshot {
        snapshot(at: currentSecond())
    }

    /// The figures at `second`; `perMinute` counts the buckets of the 60 seconds up to it.
    func snapshot(at second: Int64) -> Snapshot {
        state.withLock { state in
            var result = state.totals
            result.perMinute = zip(state.seconds, state.counts).reduce(0) { sum, bucket in
                second - bucket.0 < 60 && bucket.0 <= second ? sum + bucket.1 : sum
            }
            return result
        }
    }

    /// Now, in whole epoch seconds.
    private func currentSecond() -> Int64 {
        let milliseconds = clock.now()
        return milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
    }
}

/// Records every request's final status in a `RequestCounter`; added first, so it sees the
/// statuses the client receives (errors already turned into envelopes below it).
struct RequestCounterMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Where the counts go.
    let counter: RequestCounter

    /// Passes the request on and counts its outcome, thrown errors included.
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            counter.record(status: response.status.code)
            return response
        } catch {
            let status =
                (error as? APIError)?.code.status.code ?? (error as? any HTTPResponseError)?.status.code ?? 500
            counter.record(status: status)
            throw error
        }
    }
}
