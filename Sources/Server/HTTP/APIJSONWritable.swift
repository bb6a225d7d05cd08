import FlatStore
import FoundationEssentials
import Hummingbird

/// A response payload that writes its own JSON, byte for byte what `APIJSON.encoder()` gives for
/// it, for the large answers (the dashboard's hundreds of jobs) where `Encodable`'s dynamic
/// containers cost more than building the answer.
///
/// Members are written in ascending key order, as `.sortedKeys` puts them; the view's `Encodable`
/// conformance stays the definition, and a test compares the two for every such view.
protocol APIJSONWritable: Encodable, Sendable {
    /// Writes this value's JSON at the writer's position.
    func write(to json: inout CanonicalJSONWriter) throws
}

extension APIEnvelope {
    /// The envelope's JSON written without `JSONEncoder`, when its payload's type can write itself,
    /// it has a payload and it carries no error details; nil otherwise.
    func writtenDirectly() throws -> [UInt8]? {
        // The payload's type is asked, not the payload: casting a value to `any APIJSONWritable`
        // put a payload larger than three words (an upload's receipt) into a box of its own.
        guard details == nil, let writable = Payload.self as? any APIJSONWritable.Type else { return nil }
        return try written(as: writable)
    }

    /// The envelope's JSON with its payload written as the `Writable` it is; nil without a payload.
    private func written<Writable: APIJSONWritable>(as _: Writable.Type) throws -> [UInt8]? {
        guard let payload = data as? Writable else { return nil }
        var json = CanonicalJSONWriter(capacity: 4096)
        json.beginObject()
        json.key("data")
        try payload.write(to: &json)
        json.member("error", ifPresent: error)
        json.member("message", ifPresent: message)
        json.key("status")
        json.string(status.rawValue)
        json.endObject()
        return json.bytes
    }
}

extension CanonicalJSONWriter {
    /// Writes an API timestamp as its text.
    mutating func timestamp(_ value: APIJSON.Timestamp) {
        isoTimestamp(epochMilliseconds: value.epochMilliseconds)
    }

    /// Writes an `Int` as `JSONEncoder` does.
    mutating func int(_ value: Int) {
        int(Int64(value))
    }

    /// Writes an `Int32` as `JSONEncoder` does.
    mutating func int(_ value: Int32) {
        int(Int64(value))
    }

    /// Writes `value`, or `null`.
    mutating func nullable<Wrapped>(_ value: Nullable<Wrapped>, _ write: (inout Self, Wrapped) -> Void) {
        if let wrapped = value.value { write(&self, wrapped) } else { null() }
    }
}
