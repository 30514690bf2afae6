/// Byte comparisons whose duration does not depend on where the inputs differ.
enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal, comparing every byte (lengths are not secret here:
    /// callers compare fixed-length hashes or public-length values).
    static func equals(_ lhs: some Sequence<UInt8>, _ rhs: some Sequence<UInt8>) -> Bool {
        let left = Array(lhs)
        let right = Array(rhs)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
