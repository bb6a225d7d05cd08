extension UnsafeRawBufferPointer {
    /// Whether these bytes are a piece of a log's blank space: newlines only (an empty write, which
    /// the end of a commit group can be, is not one).
    var isBlankSpace: Bool { !isEmpty && allSatisfy { $0 == 0x0A } }
}
