import FlatStore

extension IndexFields {
    /// The text field named by a record type's `IndexKey`.
    func string<Key: RawRepresentable<String>>(_ key: Key) -> String? { string(key.rawValue) }
    /// The integer field named by a record type's `IndexKey`.
    func int<Key: RawRepresentable<String>>(_ key: Key) -> Int64? { int(key.rawValue) }
    /// The number field named by a record type's `IndexKey`.
    func double<Key: RawRepresentable<String>>(_ key: Key) -> Double? { double(key.rawValue) }
}

extension IndexFields.Reader {
    /// The text field named by a record type's `IndexKey`.
    mutating func string<Key: RawRepresentable<String>>(_ key: Key) -> String? { string(key.rawValue) }
    /// The integer field named by a record type's `IndexKey`.
    mutating func int<Key: RawRepresentable<String>>(_ key: Key) -> Int64? { int(key.rawValue) }
    /// The number field named by a record type's `IndexKey`.
    mutating func double<Key: RawRepresentable<String>>(_ key: Key) -> Double? { double(key.rawValue) }
}
