extension ReportFieldReader {
    /// A mark for each member of an object, by position: one bit each.
    ///
    /// A reader marks the members it maps, and every upload reads four objects; a `[Bool]` was an
    /// allocation for each of them. Duplicati's objects have at most 36 members, so their marks
    /// fit one word, and only a larger object's spill into a list.
    struct MemberMarks {
        /// The marks of the first 64 members.
        private var word: UInt64 = 0
        /// The marks of the members after the first 64.
        private var spilled: [Bool]

        /// Room for the marks of `count` members, none marked.
        init(count: Int) {
            spilled = count > UInt64.bitWidth ? Array(repeating: false, count: count - UInt64.bitWidth) : []
        }

        /// Whether the member at `position` is marked.
        subscript(position: Int) -> Bool {
            get {
                position < UInt64.bitWidth ? word & (1 << UInt64(position)) != 0 : spilled[position - UInt64.bitWidth]
            }
            set {
                if position >= UInt64.bitWidth {
                    spilled[position - UInt64.bitWidth] = newValue
                } else if newValue {
                    word |= 1 << UInt64(position)
                } else {
                    word &= ~(1 << UInt64(position))
                }
            }
        }
    }
}
