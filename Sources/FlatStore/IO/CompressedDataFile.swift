/// An open compressed data file (`BlockGzip`), read at the offsets of its plain lines.
///
/// A block that no longer inflates to what its member says (bit rot) reads as `?` bytes ending in
/// a newline: one line that fails its checksum like any damaged line, and the blocks after it
/// read normally. When the table at the end does not check out, the blocks are found by walking
/// their headers from the start; bytes the walk cannot place (a cut or damaged member) read as
/// one last damaged line, so the loss is reported.
final class CompressedDataFile: Sendable {
    /// What a damaged block reads as, ending in a newline: one line that fails its checksum.
    static let damageFill = UInt8(ascii: "?")

    /// The handle of the `.gz` file beneath.
    let handle: StoreFileHandle
    /// Where each block's member starts in the file, and one more entry: where the blocks end.
    private let memberStarts: [UInt64]
    /// Where each block's lines start in the plain bytes, and one more entry: the plain size.
    private let lineStarts: [UInt64]
    /// When the file was compressed (seconds since 1970), from an intact table.
    let compressedAt: UInt32?

    /// Reads the table (or walks the blocks) of the file open as `handle`.
    init(_ fileSystem: any StoreFileSystem, handle: StoreFileHandle) throws {
        self.handle = handle
        let size = try fileSystem.size(handle)
        var blocks: [BlockGzip.Block] = []
        var time: UInt32?
        if size >= 14, let length = BlockGzip.tableLength(tail: try LineReader.read(fileSystem, handle, at: size - 14, length: 14)),
            UInt64(length) <= size,
            let table = BlockGzip.blocks(inTable: try LineReader.read(fileSystem, handle, at: size - UInt64(length), length: length)),
            table.blocks.reduce(UInt64(0), { $0 + UInt64($1.memberLength) }) == size - UInt64(length)
        {
            blocks = table.blocks
            time = table.time
        } else {
            blocks = try Self.walk(fileSystem, handle, size: size)
        }
        var memberStarts: [UInt64] = [0]
        var lineStarts: [UInt64] = [0]
        memberStarts.reserveCapacity(blocks.count + 1)
        lineStarts.reserveCapacity(blocks.count + 1)
        for block in blocks {
            memberStarts.append(memberStarts[memberStarts.count - 1] + UInt64(block.memberLength))
            lineStarts.append(lineStarts[lineStarts.count - 1] + UInt64(block.length))
        }
        self.memberStarts = memberStarts
        self.lineStarts = lineStarts
        compressedAt = time
    }

    /// When `file`'s compressed form was written, from its intact table.
    static func compressedAt(_ fileSystem: any StoreFileSystem, _ file: FileID) -> UInt32? {
        guard let handle = try? fileSystem.open(file.name + DataFileName.compressedSuffix, mode: .read)
        else { return nil }
        defer { fileSystem.close(handle) }
        return (try? CompressedDataFile(fileSystem, handle: handle))?.compressedAt
    }

    /// The size of the plain lines.
    var size: UInt64 { lineStarts[lineStarts.count - 1] }

    /// Blocks the file holds.
    var blockCount: Int { lineStarts.count - 1 }

    /// The block holding plain offset `offset` (which is below `size`).
    func block(containing offset: UInt64) -> Int {
        var low = 0
        var high = blockCount - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Where block `index`'s lines start in the plain bytes.
    func lineStart(of index: Int) -> UInt64 { lineStarts[index] }

    /// The lines of block `index`, or, when it is damaged, as many `damageFill` bytes ending in a newline.
    func lines(of index: Int, _ fileSystem: any StoreFileSystem) throws -> [UInt8] {
        let length = Int(lineStarts[index + 1] - lineStarts[index])
        let member = try LineReader.read(
            fileSystem,
            handle,
            at: memberStarts[index],
            length: Int(memberStarts[index + 1] - memberStarts[index])
        )
        if let lines = BlockGzip.lines(of: member, length: length) { return lines }
        // Not zeros: recovery takes zero bytes for space a crash left unwritten, not for damage.
        var damaged = [UInt8](repeating: Self.damageFill, count: length)
        if length > 0 { damaged[length - 1] = 0x0A }
        return damaged
    }

    /// The blocks found by following each member's header from the start of the file, up to the
    /// table. Bytes that are neither (a cut or damaged member) become one last block, which reads
    /// as damaged: the file then ends with a damaged line, reported, instead of ending early.
    private static func walk(_ fileSystem: any StoreFileSystem, _ handle: StoreFileHandle, size: UInt64) throws -> [BlockGzip.Block] {
        var blocks: [BlockGzip.Block] = []
        var offset: UInt64 = 0
        while offset < size {
            let header = try LineReader.read(fileSystem, handle, at: offset, length: Int(min(size - offset, UInt64(BlockGzip.blockHeaderLength))))
            if let block = BlockGzip.block(header: header), offset + UInt64(block.memberLength) <= size {
                blocks.append(block)
                offset += UInt64(block.memberLength)
                continue
            }
            if BlockGzip.isTableHeader(header) { break }
            // At most one block's worth: what follows cannot be placed anyway.
            let rest = UInt32(min(size - offset, 64 << 10))
            blocks.append(BlockGzip.Block(memberLength: rest, length: rest))
            break
        }
        return blocks
    }
}
