#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension MetricsView.System {
    /// The process's and the machine's figures now; each is null where the platform cannot tell.
    static func probe(directory: String, uptimeSeconds: Int) -> Self {
        let disk = diskSpace(directory)
        return Self(
            uptimeSeconds: uptimeSeconds,
            memory: Memory(rss: Nullable(residentBytes())),
            load: loadAverages(),
            disk: Disk(free: Nullable(disk?.free), total: Nullable(disk?.total))
        )
    }

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

    /// A small file read to its end; `/proc` files report size 0, so the size is not trusted.
    static func readSmallFile(_ path: String, limit: Int = 4096) -> String? {
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
