/// One scalar stored in a record's index fields.
public enum IndexValue: Sendable, Equatable, Hashable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
}

extension IndexValue {
    // The conversions `IndexFields` and its reader share.

    /// The value as a string, if it is one.
    var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The value as an integer, if it is a number without fraction.
    var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value) where value.rounded() == value && abs(value) < 9.0e18: return Int64(value)
        default: return nil
        }
    }

    /// The value as a floating-point number, if it is a number.
    var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// The value as a Boolean, if it is one.
    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

/// The small set of named scalars written beside a record's body (the line's `"i"` object).
///
/// Open and snapshots rebuild every in-memory index from these fields alone, so bodies are
/// never decoded at startup. Keep them to what indexes and list views need.
public struct IndexFields: Sendable, Equatable {
    /// One named field.
    public struct Field: Sendable, Equatable {
        /// The field name (a JSON key).
        public var name: String
        /// The field value.
        public var value: IndexValue
    }

    /// The fields, sorted by name (ASCII order, as JSON keys are sorted) so their JSON form is canonical.
    public private(set) var fields: [Field]

    /// Creates fields from name/value pairs; a repeated name keeps its last value.
    public init(_ pairs: KeyValuePairs<String, IndexValue> = [:]) {
        fields = []
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs { self[name] = value }
    }

    /// Creates fields from already-parsed fields (in any order).
    init(unsorted: [Field]) {
        // Lines are canonical, so fields read from disk arrive sorted: check before sorting.
        let isSorted = zip(unsorted, unsorted.dropFirst()).allSatisfy { $0.name < $1.name }
        fields = isSorted ? unsorted : unsorted.sorted { $0.name < $1.name }
    }

    /// Creates fields from fields already sorted by name, without checking.
    init(sorted: [Field]) {
        fields = sorted
    }

    /// The position of `name` in the sorted fields, by binary search.
    fileprivate func position(of name: String) -> Int? {
        var low = 0
        var high = fields.count
        while low < high {
            let middle = (low + high) / 2
            if fields[middle].name < name { low = middle + 1 } else { high = middle }
        }
        return low < fields.count && fields[low].name == name ? low : nil
    }

    /// Reads or replaces one field; assigning `nil` removes it.
    public subscript(name: String) -> IndexValue? {
        get { position(of: name).map { fields[$0].value } }
        set {
            if let index = position(of: name) {
                if let newValue { fields[index].value = newValue } else { fields.remove(at: index) }
            } else if let newValue {
                let insertion = fields.firstIndex { !($0.name < name) }
                fields.insert(Field(name: name, value: newValue), at: insertion ?? fields.endIndex)
            }
        }
    }

    /// The named field as a string, if it is one.
    public func string(_ name: String) -> String? { self[name]?.stringValue }

    /// The named field as an integer, if it is a number without fraction.
    public func int(_ name: String) -> Int64? { self[name]?.intValue }

    /// The named field as a floating-point number, if it is a number.
    public func double(_ name: String) -> Double? { self[name]?.doubleValue }

    /// The named field as a Boolean, if it is one.
    public func bool(_ name: String) -> Bool? { self[name]?.boolValue }

    /// A reader that looks for each field from where the last one was found.
    public func reader() -> Reader { Reader(fields: self) }

    /// Reads many fields of one record quickly when they are asked for in name order (in any
    /// order, correctly): a name is first compared with the next field or two, which for names
    /// read from a line is one comparison of two machine words, and searched for only when that
    /// misses. Building a record's summary at open reads every field this way.
    public struct Reader {
        private let fields: IndexFields
        private var next = 0

        init(fields: IndexFields) { self.fields = fields }

        /// The named field's value.
        public mutating func value(_ name: String) -> IndexValue? {
            let all = fields.fields
            for index in next..<min(next + 2, all.count) where all[index].name == name {
                next = index + 1
                return all[index].value
            }
            guard let index = fields.position(of: name) else { return nil }
            next = index + 1
            return all[index].value
        }

        /// The named field as a string, if it is one.
        public mutating func string(_ name: String) -> String? { value(name)?.stringValue }

        /// The named field as an integer, if it is a number without fraction.
        public mutating func int(_ name: String) -> Int64? { value(name)?.intValue }

        /// The named field as a floating-point number, if it is a number.
        public mutating func double(_ name: String) -> Double? { value(name)?.doubleValue }
    }

    /// Appends the canonical JSON object form (sorted keys) to `out`.
    func appendJSON(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(field.name, to: &out)
            out.append(UInt8(ascii: ":"))
            JSONText.appendValue(field.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// The names of the last index fields read, in their order, so the next read can reuse them
/// (`JSONScanner.readIndexFields(names:)`).
struct FieldNames {
    /// The names, in the order they were read.
    let names: [String]
    /// Whether `names` ascend strictly, so fields that repeat them are already sorted.
    let areSorted: Bool

    init(_ names: [String] = []) {
        self.names = names
        areSorted = zip(names, names.dropFirst()).allSatisfy { $0 < $1 }
    }
}
