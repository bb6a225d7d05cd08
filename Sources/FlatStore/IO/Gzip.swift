import Zlib

// The gzip streams live in the shared `Zlib` target (the HTTP layer compresses responses with
// them too); snapshot files keep using them under these names.

/// The gzip writer of snapshot files.
typealias GzipCompressor = Zlib.GzipCompressor
/// The gzip reader of snapshot files.
typealias GzipDecompressor = Zlib.GzipDecompressor
