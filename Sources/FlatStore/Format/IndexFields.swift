/// One scalar stored in a record's index fields.
public enum IndexValue: Sendable, Equatable, Hashable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case null
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
        for (name, value) in pairs { self[name] = value }
    }

    /// Creates fields from already-parsed fields (in any order).
    init(unsorted: [Field]) {
        // Lines are canonical, so fields read from disk arrive sorted: check before sorting.
        let isSorted = zip(unsorted, unsorted.dropFirst()).allSatisfy { $0.name < $1.name }
        fields = isSorted ? unsorted : unsorted.sorted { $0.name < $1.name }
    }

    /// The position of `name` in the sorted fields, by binary search.
    private func position(of name: String) -> Int? {
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
    public func string(_ name: String) -> String? {
        if case .string(let value)? = self[name] { return value }
        return nil
    }

    /// The named field as an integer, if it is a number without fraction.
    public func int(_ name: String) -> Int64? {
        switch self[name] {
        case .int(let value)?: return value
        case .double(let value)? where value.rounded() == value && abs(value) < 9.0e18: return Int64(value)
        default: return nil
        }
    }

    /// The named field as a floating-point number, if it is a number.
    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .int(let value)?: return Double(value)
        case .double(let value)?: return value
        default: return nil
        }
    }

    /// The named field as a Boolean, if it is one.
    public func bool(_ name: String) -> Bool? {
        if case .bool(let value)? = self[name] { return value }
        return nil
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
