// The HTTP floor of an upload: a Hummingbird server that takes `POST /api/upload` the way
// duplistatus does (collects the body under the same limit, answers 201 with a receipt of the same
// size) and does nothing with it. `tools/bench-e2e/upload-ab.sh` runs it like a duplistatus binary,
// so its CPU per upload is what HTTP alone costs on this machine, measured beside ours:
//
//     swift build -c release --product bench-http-floor --product duplistatus
//     bash tools/bench-e2e/upload-ab.sh 5 none 16 .build/release/duplistatus .build/release/bench-http-floor
//
// With `--handoff` each upload also waits, before it answers, for a thread of its own to take it
// and acknowledge it the way FlatStore's commit thread does (a locked queue, a semaphore, the
// waiting handler resumed from that thread), writing nothing: the cost of that round trip alone.
//
// It accepts `serve` with duplistatus's flags and ignores all but `--host`, `--port` and `--handoff`.

import Dispatch
import Foundation
import Hummingbird
import Logging
import Synchronization

let arguments = Array(CommandLine.arguments.dropFirst())
/// The value after `flag`, if given.
func value(of flag: String) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let host = value(of: "--host") ?? "127.0.0.1"
let port = value(of: "--port").flatMap { Int($0) } ?? 9666
var logger = Logger(label: "bench-http-floor")
logger.logLevel = .notice

/// The limit duplistatus applies to an upload's body (api.md §1).
let maxBodyBytes = 16 << 20
/// A receipt the length of duplistatus's answer to a stored run.
let receipt = ByteBuffer(
    string: #"{"success":true,"message":"Backup data uploaded successfully","data":{"backupId":"0123456789abc","#
        + #""serverId":"0123456789abcdef","serverName":"srv-00","backupName":"job-0","status":"Success"}}"#
)
let health = ByteBuffer(string: #"{"success":true,"data":{"health":"ok"}}"#)

/// A thread that acknowledges what is queued for it, in batches, as FlatStore's committer does.
final class Acknowledger: Sendable {
    private let queue = Mutex<[CheckedContinuation<Void, Never>]>([])
    private let wake = DispatchSemaphore(value: 0)

    init() {
        Thread.detachNewThread { [self] in
            while true {
                wake.wait()
                for waiting in queue.withLock({ queue in
                    defer { queue.removeAll(keepingCapacity: true) }
                    return queue
                }) {
                    waiting.resume()
                }
            }
        }
    }

    /// Suspends until the thread has taken this request.
    func acknowledge() async {
        await withCheckedContinuation { continuation in
            queue.withLock { $0.append(continuation) }
            wake.signal()
        }
    }
}

let acknowledger = arguments.contains("--handoff") ? Acknowledger() : nil
let router = Router()
router.post("/api/upload") { request, _ -> Response in
    let body = try await request.body.collect(upTo: maxBodyBytes)
    guard body.readableBytes > 0 else { return Response(status: .badRequest) }
    await acknowledger?.acknowledge()
    return Response(
        status: .created,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: receipt)
    )
}
router.get("/api/health") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: health))
}
// upload-ab.sh also times `GET /api/summary`; here it is the floor of a small GET.
router.get("/api/summary") { _, _ -> Response in
    Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: health))
}
let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
try await app.runService()
