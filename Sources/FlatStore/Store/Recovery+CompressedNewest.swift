extension Recovery {
    /// Makes sure the newest log is plain, since it is appended to.
    ///
    /// The store compresses a log only once the next one exists, but a crash can keep the next
    /// one's creation from reaching the disk while the compressed copy did: the compressed copy
    /// then goes (the plain file is complete). A newest log left only compressed (files removed by
    /// hand) is written back plain first — temp file, flush, rename — so nothing in it is lost.
    func keepNewestPlain(_ directory: DataDirectory) throws -> DataDirectory {
        guard let newest = directory.liveLogs.last, directory.compressed.contains(newest) else { return directory }
        let compressed = newest.name + DataFileName.compressedSuffix
        if !directory.plain.contains(newest) {
            let temporary = newest.name + DataFileName.temporarySuffix
            // Opening the plain name reads the compressed file, at the plain offsets.
            let input = try fileSystem.open(newest.name, mode: .read)
            defer { fileSystem.close(input) }
            let output = try fileSystem.open(temporary, mode: .createNew)
            var outputOpen = true
            do {
                let size = try fileSystem.size(input)
                var offset: UInt64 = 0
                while offset < size {
                    let chunk = try LineReader.read(fileSystem, input, at: offset, length: Int(min(size - offset, 4 << 20)))
                    try chunk.withUnsafeBytes { try fileSystem.append(output, $0) }
                    offset += UInt64(chunk.count)
                }
                try fileSystem.sync(output)
                fileSystem.close(output)
                outputOpen = false
                try fileSystem.rename(temporary, to: newest.name)
                try fileSystem.syncDirectory()
            } catch {
                if outputOpen { fileSystem.close(output) }
                try? fileSystem.remove(temporary)
                throw error
            }
            logger.warning("the newest log was only compressed: wrote it back plain", metadata: ["file": "\(newest.name)"])
        }
        try fileSystem.remove(compressed)
        try fileSystem.syncDirectory()
        logger.notice("removed the compressed copy of the newest log", metadata: ["file": "\(compressed)"])
        return DataDirectory(try fileSystem.listFiles())
    }
}
