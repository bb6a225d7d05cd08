import FlatStore
import FoundationEssentials
import Hummingbird
import Logging
import NIOHTTP1

extension APIError {
    /// The envelope error for anything a handler or middleware threw.
    ///
    /// Unknown errors become the generic 500 and are logged here, because their text may hold
    /// paths or internals that must not reach the client.
    init(converting error: any Error, logger: Logger) {
        switch error {
        case let error as APIError:
            self = error
        case let error as DecodingError:
            self.init(decoding: error)
        case let error as StoreError:
            self.init(store: error, logger: logger)
        case let error as HTTPError:
            self.init(Code(status: error.status), error.body ?? Self.defaultMessage(for: error.status), headers: error.headers)
        case let error as any HTTPResponseError:
            self.init(Code(status: error.status), Self.defaultMessage(for: error.status))
        case let error as HTTPParserError:
            // The client's fault, usually a connection closed or timed out halfway through a
            // body: a 400, not an internal error in the server's log.
            self.init(.validation, "The request could not be read: \(error)")
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            self = .internalServer
        }
    }

    /// Store failures: those a client can wait out are 503 (a full disk among them, named as such
    /// so the client's message says what to do), anything else is an internal error.
    init(store error: StoreError, logger: Logger) {
        switch error {
        case .io(let failure) where failure.isOutOfSpace:
            logger.error("store failure: the disk is full", metadata: ["error": "\(error)"])
            self.init(
                .serviceUnavailable,
                "The data directory's disk is full (\(failure.description)); free space on it, then restart the server: writes stay stopped until then"
            )
        case .io(let failure) where failure.operation == "write" && failure.code == Errno.noEntry:
            // The log was deleted under the store (FlatStore refuses to acknowledge into it).
            logger.error("store failure: a data file is gone", metadata: ["error": "\(error)"])
            self.init(
                .serviceUnavailable,
                "A data file is gone (\(failure.description)): the data directory was removed or changed while the server ran; "
                    + "writes are stopped, restart the server"
            )
        case .writesStopped, .locked:
            logger.error("store unavailable", metadata: ["error": "\(error)"])
            let remedy = if case .writesStopped = error { "; restart the server once the cause is fixed" } else { "" }
            self.init(.serviceUnavailable, "The data store is not accepting writes: \(error.description)\(remedy)")
        case .closed:
            self.init(.serviceUnavailable, "The data store is closed (the server is shutting down or restoring a backup); try again shortly")
        case .io, .codec, .corruptRecord, .unknownCollection, .unknownIndex:
            logger.error("store failure", metadata: ["error": "\(error)"])
            self = .internalServer
        }
    }

    /// A sentence for errors that arrive without one (Hummingbird's own, or NIO's).
    static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "No such endpoint"
        case 405: "Method not allowed"
        case 413: "Request body is too large"
        case 415: "Unsupported content type"
        default: status.reasonPhrase.isEmpty ? "Request failed" : status.reasonPhrase
        }
    }
}
