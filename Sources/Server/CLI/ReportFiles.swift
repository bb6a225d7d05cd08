import FoundationEssentials

/// The files `duplistatus import` reads: named files as given, directories walked for `*.json`.
enum ReportFiles {
    /// A path that is neither a readable file nor a directory.
    struct Unreadable: Error, CustomStringConvertible {
        /// The path as given.
        let path: String
        /// One sentence for stderr.
        var description: String { "'\(path)' is not a file or directory that can be read" }
    }

    /// Every file to import, in the order given; a directory's `*.json` files sorted by path.
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: Bool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw Unreadable(path: path) }
            guard isDirectory else {
                files.append(path)
                continue
            }
            guard let entries = try? FileManager.default.subpathsOfDirectory(atPath: path) else { throw Unreadable(path: path) }
            let base = path.hasSuffix("/") ? path : path + "/"
            files += entries.filter { $0.lowercased().hasSuffix(".json") }.sorted().map { base + $0 }
        }
        return files
    }

    /// The bytes of `file`.
    static func read(_ file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else { throw Unreadable(path: file) }
        return Array(data)
    }
}
