import FlatStore
import Foundation

/// `bench-store`: FlatStore against SQLite (WAL, synchronous=FULL, one transaction per record)
/// on the same ~2 KB records in the same run. See docs/performance.md.
///
///     bench-store run [--records 100000] [--per-level 5000] [--levels 1,16,64] [--dir /tmp/bench-store]
///                     [--body-bytes 2000] [--no-sqlite]
///     bench-store open --dir D      (child process: open time and RSS, printed as JSON)
let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

switch arguments.first {
case "open":
    let result = try OpenProbe.run(directory: option("dir", ""))
    print(result)
case "run", nil:
    let config = BenchConfig(
        records: Int(option("records", "100000")) ?? 100_000,
        perLevel: Int(option("per-level", "5000")) ?? 5000,
        levels: option("levels", "1,16,64").split(separator: ",").compactMap { Int($0) },
        directory: option("dir", NSTemporaryDirectory() + "bench-store"),
        bodyBytes: Int(option("body-bytes", "2000")) ?? 2000,
        sqlite: !arguments.contains("--no-sqlite")
    )
    try await Benchmark(config: config).run()
default:
    FileHandle.standardError.write("usage: bench-store run|open [options]\n".data(using: .utf8)!)
    exit(64)
}
