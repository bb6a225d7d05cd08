import Foundation
import Synchronization
import XCTest

/// A running `store-torture write` child, collecting the acknowledgements it prints.
final class TortureWriter: @unchecked Sendable {
    let process = Process()
    private let acks = SharedValue<[String]>([])
    private let ready = DispatchSemaphore(value: 0)

    init(directory: String, extraArguments: [String] = []) throws {
        process.executableURL = try builtProduct("store-torture")
        process.arguments = ["write", "--data-dir", directory, "--fsync", "always"] + extraArguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let readySignal = ready
        let collected = acks
        let partial = SharedValue(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else { return }
            let text: String? = partial.withLock { partial in
                partial.append(data)
                guard let last = partial.lastIndex(of: 0x0A) else { return nil }
                defer { partial.removeSubrange(...last) }
                return String(decoding: partial[..<last], as: UTF8.self)
            }
            for line in (text ?? "").split(separator: "\n") {
                if line == "ready" { readySignal.signal() } else { collected.withLock { $0.append(String(line)) } }
            }
        }
        try process.run()
    }

    /// Waits until the writer has opened (recovered) the store.
    func waitUntilReady(timeout: Double = 30) -> Bool {
        ready.wait(timeout: .now() + timeout) == .success
    }

    /// The acknowledgement lines printed so far.
    var acknowledged: [String] { acks.withLock { $0 } }

    /// SIGKILL, then wait for the process to be gone.
    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        (process.standardOutput as? Pipe)?.fileHandleForReading.readabilityHandler = nil
    }
}

/// Runs `store-torture check` on a directory with the given acknowledgements; returns its JSON line.
func tortureCheck(directory: String, acks: [String]) throws -> (ok: Bool, output: String) {
    let acksFile = directory + ".acks"
    try acks.joined(separator: "\n").write(toFile: acksFile, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: acksFile) }
    let process = Process()
    process.executableURL = try builtProduct("store-torture")
    process.arguments = ["check", "--data-dir", directory, "--acks", acksFile]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus == 0, output.trimmingCharacters(in: .whitespacesAndNewlines))
}
