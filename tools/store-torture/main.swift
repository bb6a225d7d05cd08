import Dispatch
import FlatStore
import FoundationEssentials
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `store-torture`: the child process of FlatStore's crash tests.
///
///     store-torture write --data-dir D [--fsync always] [--writers 8] [--segment-bytes N]
///                         [--compact-every-ms N] [--snapshot-every-ms N] [--retention-seconds S] [--filler N]
///         writes batches until killed; prints "ack W N" once writer W's batch N is acknowledged.
///     store-torture check --data-dir D [--acks FILE]
///         recovers the store and checks every writer's records form the prefix its counter says,
///         and that every acknowledged batch is there. Prints one JSON line; exits 1 on a violation.
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileDescriptorOutput.standardError.write(message + "\n")
    exit(code)
}

var options = StoreOptions(directory: option("data-dir", "./torture-data"))
options.fsync = FsyncPolicy(rawValue: option("fsync", "always")) ?? .always
options.segmentMaxBytes = UInt64(option("segment-bytes", "262144")) ?? 262_144
options.supersededRetention = Double(option("retention-seconds", "5")) ?? 5
options.maintenanceInterval = 0.2
options.snapshotAfterBytes = UInt64(option("snapshot-bytes", "131072")) ?? 131_072

switch arguments.first {
case "write":
    let store: FlatStore
    do { store = try FlatStore.open(options, schema: .torture) } catch { fail("\(error)", code: 2) }
    try await runWriters(store: store)
case "check":
    do {
        let result = try checkStore(options: options, acksFile: option("acks", ""))
        print(result.json)
        exit(result.ok ? 0 : 1)
    } catch let error as StoreError {
        fail("\(error)", code: 2)
    }
default:
    fail("usage: store-torture write|check --data-dir D [options]", code: 64)
}
