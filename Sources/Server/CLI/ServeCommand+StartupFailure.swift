import FlatStore
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why `serve` could not start, in one sentence that names what to change: the data directory
/// as given, or the port, rather than a system call's name.
struct StartupFailure: Error, CustomStringConvertible {
    let description: String

    /// The sentence for `error`, when it is one `serve` can explain better than the error itself;
    /// a store error once the store is open (at shutdown) is not about using the directory.
    static func explaining(_ error: any Error, config: AppConfiguration, storeOpened: Bool) -> StartupFailure? {
        switch error {
        case StoreError.io(let failure) where !storeOpened:
            return directory(failure, config)
        case let failure as FileSystemError where !storeOpened:
            return directory(failure, config)
        case let error as IOError where error.errnoCode == EADDRINUSE:
            return StartupFailure(
                description:
                    "port \(config.port) on \(config.host) is already in use (another duplistatus?); stop what listens there or choose another port with --port"
            )
        case let error as IOError where error.errnoCode == EACCES:
            return StartupFailure(description: "port \(config.port) needs more privileges than this user has; choose one above 1023 with --port")
        case let error as IOError where error.errnoCode == EADDRNOTAVAIL:
            return StartupFailure(description: "this machine has no address \(config.host) to listen on; choose another with --host")
        default:
            return nil
        }
    }

    /// The data directory could not be created, locked or opened.
    private static func directory(_ failure: FileSystemError, _ config: AppConfiguration) -> StartupFailure {
        StartupFailure(
            description: "cannot use the data directory '\(config.dataDirectory)' (\(failure.description)); "
                + "check that it is a directory this user may write, on a mounted disk"
        )
    }
}
