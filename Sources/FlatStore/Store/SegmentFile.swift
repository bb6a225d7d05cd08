/// Creating log segments: the one place a new `log-NNNNNN.jsonl` comes from.
enum SegmentFile {
    /// Creates log `number` holding only its start marker and makes it durable (file, then
    /// directory), so that anything later written to it can be acknowledged.
    ///
    /// Returns the open handle (for appending) and the file's size.
    static func create(
        _ fileSystem: any StoreFileSystem,
        number: UInt32,
        firstSequence: UInt64
    ) throws -> (handle: StoreFileHandle, size: UInt64) {
        let handle = try fileSystem.open(FileID.log(number).name, mode: .createNew)
        do {
            let size = try start(handle, fileSystem, number: number, firstSequence: firstSequence)
            try fileSystem.syncDirectory()
            return (handle, size)
        } catch {
            fileSystem.close(handle)
            throw error
        }
    }

    /// Writes the start marker into an empty segment and flushes it; returns the new size.
    static func start(
        _ handle: StoreFileHandle,
        _ fileSystem: any StoreFileSystem,
        number: UInt32,
        firstSequence: UInt64
    ) throws -> UInt64 {
        var line = FileMarker.logStart(segment: number, firstSequence: firstSequence).line
        line.append(0x0A)
        try line.withUnsafeBytes { try fileSystem.append(handle, $0) }
        try fileSystem.sync(handle)
        return UInt64(line.count)
    }
}
