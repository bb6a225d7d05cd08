extension FlatStore {
    /// Reads a sidecar file — a small file the product keeps beside the store (named in
    /// `StoreOptions.sidecars`, e.g. a key file); nil when there is none.
    public func readSidecar(_ name: String) throws(StoreError) -> [UInt8]? {
        do {
            guard try fileSystem.listFiles().contains(name) else { return nil }
            let handle = try fileSystem.open(name, mode: .read)
            defer { fileSystem.close(handle) }
            return try LineReader.read(fileSystem, handle, at: 0, length: Int(try fileSystem.size(handle)))
        } catch {
            throw StoreError(error)
        }
    }

    /// Writes a sidecar file whole and durably (temp → fsync → rename → fsync dir), readable by
    /// the owner alone when `private`: a crash leaves the old contents or the new, never a mix.
    public func writeSidecar(_ name: String, contents: [UInt8], private isPrivate: Bool = false) throws(StoreError) {
        guard options.sidecars.contains(name), DataFileName.dataFile(name) == nil, DataFileName.compressedDataFile(name) == nil,
            !name.contains("/")
        else {
            throw StoreError.codec("'\(name)' is not a sidecar file of this store (StoreOptions.sidecars)")
        }
        let temporary = name + DataFileName.temporarySuffix
        do {
            try? fileSystem.remove(temporary)
            let handle = try fileSystem.open(temporary, mode: isPrivate ? .createNewPrivate : .createNew)
            do {
                try contents.withUnsafeBytes { try fileSystem.append(handle, $0) }
                try fileSystem.sync(handle)
                fileSystem.close(handle)
            } catch {
                fileSystem.close(handle)
                throw error
            }
            try fileSystem.rename(temporary, to: name)
            try fileSystem.syncDirectory()
        } catch {
            throw StoreError(error)
        }
    }
}
