import NIOCore

/// A task executor that runs every job on one NIO event loop.
///
/// Preferred by each HTTP connection's task (`HTTPServerBuilder.http1OnEventLoops`), it keeps a
/// request on the event loop that read it: each request's handler starts there without waking a
/// thread of Swift's pool, an upload resumed by the store's commit thread comes back to the loop,
/// and the answer is written without a hop. An actor with an executor of its own still runs there.
///
/// The loop must outlive the tasks that prefer it: NIO drops a job queued on a loop that has shut
/// down, and its task would never resume. The server's loops are NIO's shared group, which is
/// never shut down.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job runs on.
    let eventLoop: any EventLoop

    /// An executor for `eventLoop`.
    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Queues `job` on the loop, behind the work the loop already has.
    func enqueue(_ job: consuming ExecutorJob) {
        // `EventLoop.enqueue(_:)` would spare the closure, but it runs a job as on a serial
        // executor; a job of a task that prefers this executor must run on it as a task executor,
        // or the task's next `await` would queue it here once more.
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
