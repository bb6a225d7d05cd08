/// What a power cut may leave of a directory, under a weak persistence model (the one ALICE calls
/// "abstract persistence model", at its most permissive):
/// - a file's bytes are durable once it is synced; of the writes since, any subset of 512-byte
///   units may have reached the disk, in any order — a later unit can survive an earlier lost one,
///   and a lost unit below the file's end reads as zeros;
/// - an un-synced truncate may or may not have happened;
/// - creations, renames and deletions are durable once the directory is synced; before that, any
///   subset of them may have happened (applied in their order), and syncing a file does not make
///   its name durable.
struct PersistenceModel {
    static let unit = 512

    /// One un-synced change to a file.
    enum Change {
        case write(offset: Int, bytes: ArraySlice<UInt8>)
        case truncate(size: Int)
    }

    /// One un-synced change to the directory.
    enum DirectoryChange {
        case link(name: String, inode: Int)
        case rename(from: String, to: String)
        case unlink(name: String)
    }

    /// Which pending changes a crash image keeps.
    struct Choice {
        /// Per pending directory change, whether it happened.
        var directory: [Bool]
        /// Per inode, per pending change, whether it reached the disk.
        var files: [Int: [Bool]]

        /// Nothing that was not synced reached the disk.
        static func nothingPending(_ model: PersistenceModel) -> Choice {
            Choice(
                directory: model.pendingDirectory.map { _ in false },
                files: model.pending.mapValues { $0.map { _ in false } }
            )
        }
    }

    private(set) var durable: [Int: [UInt8]] = [:]
    private(set) var pending: [Int: [Change]] = [:]
    private(set) var names: [String: Int] = [:]
    private(set) var pendingDirectory: [DirectoryChange] = []

    /// A model of a disk whose files are all durable.
    init(files: [String: [UInt8]], inodes: [String: Int]) {
        for (name, bytes) in files {
            guard let inode = inodes[name] else { continue }
            durable[inode] = bytes
            names[name] = inode
        }
    }

    /// Takes one recorded operation.
    mutating func apply(_ event: MemoryDisk.Event) {
        switch event {
        case .create(let name, let inode):
            durable[inode] = []
            pendingDirectory.append(.link(name: name, inode: inode))
        case .write(let inode, let offset, let bytes):
            // Split at absolute unit boundaries: each unit reaches the disk or not, on its own.
            var start = offset
            var index = 0
            while index < bytes.count {
                let end = min(bytes.count, index + (Self.unit - start % Self.unit))
                pending[inode, default: []].append(.write(offset: start, bytes: bytes[index..<end]))
                start += end - index
                index = end
            }
        case .truncate(let inode, let size):
            pending[inode, default: []].append(.truncate(size: size))
        case .sync(let inode):
            durable[inode] = content(of: inode, keeping: nil)
            pending[inode] = nil
        case .rename(let from, let to):
            pendingDirectory.append(.rename(from: from, to: to))
        case .remove(let name):
            pendingDirectory.append(.unlink(name: name))
        case .syncDirectory:
            names = directory(keeping: nil)
            pendingDirectory = []
        case .acknowledged, .sidecarWriting, .sidecarWritten:
            break
        }
    }

    /// The files as a running process sees them (every pending change applied), with their inodes:
    /// what a process killed now leaves for the next one, before any power cut.
    var current: (files: [String: [UInt8]], inodes: [String: Int]) {
        let names = directory(keeping: nil)
        return (names.mapValues { content(of: $0, keeping: nil) }, names)
    }

    /// Whether anything is waiting for a sync.
    var hasPending: Bool { !pendingDirectory.isEmpty || pending.values.contains { !$0.isEmpty } }

    /// The files a crash would leave with the given choice of pending changes.
    func image(_ choice: Choice) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for (name, inode) in directory(keeping: choice.directory) {
            files[name] = content(of: inode, keeping: choice.files[inode])
        }
        return files
    }

    /// Choices a crash explorer tries at one point: nothing, everything, prefixes, random subsets
    /// and single holes, of the files' and the directory's pending changes, independently.
    func choices(count: Int, random: inout some RandomNumberGenerator) -> [Choice] {
        let inodes = pending.filter { !$0.value.isEmpty }.mapValues(\.count)
        let directoryCount = pendingDirectory.count
        func files(_ pick: (Int) -> [Bool]) -> [Int: [Bool]] { inodes.mapValues(pick) }
        var result: [Choice] = [
            Choice(directory: Array(repeating: false, count: directoryCount), files: files { Array(repeating: false, count: $0) }),
            Choice(directory: Array(repeating: true, count: directoryCount), files: files { Array(repeating: true, count: $0) }),
        ]
        var strategy = 0
        while result.count < count {
            strategy += 1
            let directory: [Bool]
            switch strategy % 3 {
            case 0: directory = Array(repeating: true, count: directoryCount)
            case 1: directory = (0..<directoryCount).map { _ in Bool.random(using: &random) }
            default: directory = Array(repeating: false, count: directoryCount)
            }
            let fileChoice: [Int: [Bool]]
            switch strategy % 4 {
            case 0:
                fileChoice = files { count in
                    let kept = Int.random(in: 0...count, using: &random)
                    return (0..<count).map { $0 < kept }
                }
            case 1:
                fileChoice = files { count in (0..<count).map { _ in Bool.random(using: &random) } }
            case 2:
                fileChoice = files { count in
                    let hole = Int.random(in: 0..<max(count, 1), using: &random)
                    return (0..<count).map { $0 != hole }
                }
            default:
                fileChoice = files { Array(repeating: true, count: $0) }
            }
            result.append(Choice(directory: directory, files: fileChoice))
            if directoryCount == 0 && inodes.isEmpty { break }
        }
        return result
    }

    private func content(of inode: Int, keeping chosen: [Bool]?) -> [UInt8] {
        var bytes = durable[inode] ?? []
        for (index, change) in (pending[inode] ?? []).enumerated() where chosen?[index] ?? true {
            switch change {
            case .write(let offset, let written):
                if bytes.count < offset { bytes += [UInt8](repeating: 0, count: offset - bytes.count) }
                let overlap = min(written.count, bytes.count - offset)
                if overlap > 0 {
                    bytes.replaceSubrange(offset..<(offset + overlap), with: written.prefix(overlap))
                }
                bytes += written.dropFirst(overlap)
            case .truncate(let size):
                if size < bytes.count {
                    bytes.removeSubrange(size...)
                } else {
                    bytes += [UInt8](repeating: 0, count: size - bytes.count)
                }
            }
        }
        return bytes
    }

    private func directory(keeping chosen: [Bool]?) -> [String: Int] {
        var names = self.names
        for (index, change) in pendingDirectory.enumerated() where chosen?[index] ?? true {
            switch change {
            case .link(let name, let inode): names[name] = inode
            case .rename(let from, let to):
                if let inode = names.removeValue(forKey: from) { names[to] = inode }
            case .unlink(let name): names[name] = nil
            }
        }
        return names
    }
}
