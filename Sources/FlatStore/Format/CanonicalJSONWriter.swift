/// Writes a record body as the same canonical JSON that `StoreRecord`'s default encoding gives
/// (`JSONEncoder` with sorted keys and unescaped slashes), for records whose hot path cannot
/// afford `Encodable`'s dynamic containers.
///
/// The writer does not sort: callers write object keys in ascending `String` order (use
/// `sortedMembers(_:)` for dictionaries). Separators are tracked without a stack — a value
/// needs a comma unless it opens a container or follows its key.
public struct CanonicalJSONWriter: Sendable {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8] = []
    private var atContainerStart = true

    /// An empty writer; `capacity` is a hint for the body's size.
    public init(capacity: Int = 512) {
        bytes.reserveCapacity(capacity)
    }

    private mutating func separate() {
        if !atContainerStart { bytes.append(UInt8(ascii: ",")) }
        atContainerStart = false
    }

    /// Opens an object (as a value).
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        atContainerStart = true
    }

    /// Closes the innermost object.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        atContainerStart = false
    }

    /// Opens an array (as a value).
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        atContainerStart = true
    }

    /// Closes the innermost array.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        atContainerStart = false
    }

    /// Writes an object member's key; its value follows.
    public mutating func key(_ name: String) {
        separate()
        JSONText.appendString(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        atContainerStart = true
    }

    /// Writes a string value.
    public mutating func string(_ value: String) {
        separate()
        JSONText.appendString(value, to: &bytes)
    }

    /// Writes a string value given as bytes, as `string(String(decoding: utf8, as: UTF8.self))`
    /// writes it, without making that `String` when the bytes are ASCII (a formatted timestamp:
    /// a `String` of more than 15 bytes is an allocation of its own).
    public mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return string(String(decoding: utf8, as: UTF8.self)) }
        separate()
        JSONText.appendString(utf8: utf8, to: &bytes)
    }

    /// Writes the member `name` with a string value, or nothing when `value` is nil (as
    /// `JSONEncoder` leaves out a nil optional).
    public mutating func member(_ name: String, ifPresent value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    /// Writes the member `name` with a boolean value, or nothing when `value` is nil.
    public mutating func member(_ name: String, ifPresent value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    /// Writes an integer value.
    public mutating func int(_ value: Int64) {
        separate()
        JSONText.appendDecimal(value, to: &bytes)
    }

    /// Writes a number as `JSONEncoder` does (`5`, not `5.0`); NaN and infinities have no JSON
    /// form and throw, as they do there.
    public mutating func double(_ value: Double) throws(StoreError) {
        guard value.isFinite else { throw StoreError.codec("\(value) has no JSON form") }
        separate()
        let text = String(value)
        if text.hasSuffix(".0") {
            bytes.append(contentsOf: text.utf8.dropLast(2))
        } else {
            bytes.append(contentsOf: text.utf8)
        }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// Writes `null`.
    public mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    /// A dictionary's members in the order the canonical form writes them.
    public static func sortedMembers<Value>(_ members: [String: Value]) -> [(key: String, value: Value)] {
        members.sorted { $0.key < $1.key }
    }
}
