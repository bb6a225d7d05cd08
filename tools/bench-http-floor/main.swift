// The HTTP floor of an upload: a Hummingbird server that takes `POST /api/upload` the way
// duplistatus does (collects the body under the same limit, answers 201 with a receipt of the same
// length and headers) and does nothing with it. `tools/bench-e2e/upload-ab.sh` runs it like a
// duplistatus binary, so its CPU per upload is what HTTP alone costs on this machine, beside ours:
//
//     swift build -c release --product duplistatus && swift build -c release --product bench-http-floor
//     bash tools/bench-e2e/upload-ab.sh 5 none 16 .build/release/duplistatus .build/release/bench-http-floor
//
// With `--handoff` each upload also waits, before it answers, for a thread of its own that takes
// what is queued, appends the bodies to `floor.jsonl` in `--data-dir` with one write, flushes the
// file once for all of them when `--fsync always` is given and resumes the waiting handlers: the
// floor of a group commit like FlatStore's (a locked queue, a semaphore, one thread), without
// parsing, indexing or checksums.
//
// It accepts `serve` with duplistatus's flags and ignores all but `--host`, `--port`, `--data-dir`,
// `--fsync` and `--handoff`.

import Dispatch
import Foundation
import Hummingbird
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

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
/// A receipt of the shape and length of duplistatus's answer to a stored run (217 bytes).
let receipt = ByteBuffer(
    string: #"{"data":{"backupId":"22ztro14yjx48","backupName":"Databases","serverId":"db541dbf8bb4a5d07caa390d67b55cfd","#
        + #""serverName":"FILES-037","status":"Success"},"message":"Backup data uploaded successfully","status":"success"}"#
)
/// The headers duplistatus sends with it (beside the length and date Hummingbird adds).
let headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .accessControlAllowOrigin: "*"]
let health = ByteBuffer(string: #"{"data":{"health":"ok"},"status":"success"}"#)

/// One thread that appends queued bodies to a file, flushes once per batch if asked, then resumes
/// their handlers: FlatStore's group commit without its records.
final class GroupCommit: Sendable {
    private struct Waiting {
        var body: ByteBuffer
        var continuation: CheckedContinuation<Void, Never>
    }

    private let queue = Mutex<[Waiting]>([])
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the thread, appending to `path` and flushing per batch when `flush` is true.
    init(path: String, flush: Bool) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw FloorError(message: "cannot open \(path)") }
        Thread.detachNewThread { [self] in
            // Named as duplistatus's commit thread, so upload-ab.sh counts the two alike; through
            // /proc as FlatStore names it (`Thread.current.name` was not always there when perf
            // attached).
            try? "store-commit".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            var bytes: [UInt8] = []
            while true {
                wake.wait()
                let batch = queue.withLock { queue in
                    defer { queue.removeAll(keepingCapacity: true) }
                    return queue
                }
                bytes.removeAll(keepingCapacity: true)
                for waiting in batch {
                    bytes.append(contentsOf: waiting.body.readableBytesView)
                    bytes.append(UInt8(ascii: "\n"))
                }
                let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                precondition(written == bytes.count, "bench-http-floor: a write failed")
                if flush { precondition(fdatasync(descriptor) == 0, "bench-http-floor: fdatasync failed") }
                for waiting in batch { waiting.continuation.resume() }
            }
        }
    }

    /// Suspends until `body` is written (and flushed, if asked).
    func commit(_ body: ByteBuffer) async {
        await withCheckedContinuation { continuation in
            queue.withLock { $0.append(Waiting(body: body, continuation: continuation)) }
            wake.signal()
        }
    }
}

/// Why the floor cannot start.
struct FloorError: Error {
    var message: String
}

let groupCommit =
    arguments.contains("--handoff")
    ? try GroupCommit(path: (value(of: "--data-dir") ?? ".") + "/floor.jsonl", flush: value(of: "--fsync") == "always")
    : nil
let router = Router()
router.post("/api/upload") { request, _ -> Response in
    let body = try await request.body.collect(upTo: maxBodyBytes)
    guard body.readableBytes > 0 else { return Response(status: .badRequest) }
    await groupCommit?.commit(body)
    return Response(status: .created, headers: headers, body: .init(byteBuffer: receipt))
}
router.get("/api/health") { _, _ -> Response in
    Response(status: .ok, headers: headers, body: .init(byteBuffer: health))
}
// upload-ab.sh also times `GET /api/summary`; here it is the floor of a small GET.
router.get("/api/summary") { _, _ -> Response in
    Response(status: .ok, headers: headers, body: .init(byteBuffer: health))
}
let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)), logger: logger)
do {
    try await app.runService()
} catch {
    print("bench-http-floor: \(error)")
    exit(1)
}
