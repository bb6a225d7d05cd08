#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Figures of this process and the machine it runs on, read from the operating system; each is
/// nil where the platform cannot tell.
enum SystemProbe {
    /// Resident set size in bytes: the second field of `/proc/self/statm`, in pages.
    static func residentBytes() -> Int64? {
        guard let text = readSmallFile("/proc/self/statm") else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return nil }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The 1, 5 and 15 minute load averages from `/proc/loadavg`, or `getloadavg` where there is no `/proc`.
    static func loadAverages() -> [Double] {
        if let text = readSmallFile("/proc/loadavg") {
            let values = text.split(separator: " ").prefix(3).compactMap { Double($0) }
            if values.count == 3 { return values }
        }
        var values = [Double](repeating: 0, count: 3)
        let count = values.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { getloadavg($0, 3) } ?? -1
        }
        return count == 3 ? values : []
    }

    /// Free (available to this user) and total bytes of the file system holding `directory`.
    static func diskSpace(_ directory: String) -> (free: UInt64, total: UInt64)? {
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return nil }
        let unit = UInt64(info.f_frsize)
        return (UInt64(info.f_bavail) * unit, UInt64(info.f_blocks) * unit)
    }

    /// Total and available memory of the machine, from `/proc/meminfo`.
    static func memory() -> (total: UInt64, available: UInt64)? {
        guard let text = readSmallFile("/proc/meminfo") else { return nil }
        func kilobytes(_ name: String) -> UInt64? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
        }
        guard let total = kilobytes("MemTotal"), let available = kilobytes("MemAvailable") else { return nil }
        return (total * 1024, available * 1024)
    }

    /// Seconds since the machine started, from `/proc/uptime`.
    static func machineUptimeSeconds() -> Int? {
        readSmallFile("/proc/uptime")?.split(separator: " ").first.flatMap { Double($0) }.map { Int($0) }
    }

    /// The machine's host name.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The processor architecture this binary runs on.
    static var architecture: String {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #elseif arch(arm)
        "arm"
        #else
        "other"
        #endif
    }

    /// The operating system family.
    static var platform: String {
        #if os(Linux)
        "linux"
        #elseif os(macOS)
        "macos"
        #else
        "other"
        #endif
    }

    /// This process's id.
    static var processId: Int32 { getpid() }

    /// A small file read to its end; `/proc` files report size 0, so the size is not trusted.
    static func readSmallFile(_ path: String, limit: Int = 8192) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1024)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
