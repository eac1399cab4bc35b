// StrideGaps: how a full postings block stores its doc IDs (format 3), each against the doc four
// places before it, so that decoding is four running sums in the lanes of one vector.

/// A full block's doc IDs as stored: each ID minus the one four places before it, minus 4 (the
/// first four: minus `previous + i + 1`, `previous` the last doc of the block before, −1 at the
/// start), so that four running sums, one per lane of a vector, decode them (IndexFormat.md, POST).
enum StrideGaps {
    /// The 128 stored values of the increasing doc IDs `docs` (128 of them) after `previous`.
    static func encode(_ docs: ArraySlice<UInt32>, previous: Int64, into gaps: inout [UInt32]) {
        precondition(docs.count == 128 && gaps.count >= 128)
        let first = docs.startIndex
        for i in 0..<128 {
            let reference = i < 4 ? previous - 3 + Int64(i) : Int64(docs[first + i - 4])
            gaps[i] = UInt32(Int64(docs[first + i]) - reference - 4)
        }
    }

    /// Turns the 128 stored values at `values` into doc IDs in place; false unless they strictly
    /// increase from above `previous` (a corrupt block: a sum may also have wrapped).
    @inline(__always)
    static func decode(_ values: UnsafeMutablePointer<UInt32>, previous: Int64) -> Bool {
        let p = UInt32(truncatingIfNeeded: previous)
        var carry = SIMD4<UInt32>(p &- 3, p &- 2, p &- 1, p)
        let four = SIMD4<UInt32>(repeating: 4)
        let raw = UnsafeMutableRawPointer(values)
        for step in 0..<32 {
            let v = raw.loadUnaligned(fromByteOffset: step &* 16, as: SIMD4<UInt32>.self) &+ carry &+ four
            raw.storeBytes(of: v, toByteOffset: step &* 16, as: SIMD4<UInt32>.self)
            carry = v
        }
        // Each value above the one before: four at a time against the four one place back.
        var unordered = SIMDMask<SIMD4<Int32>>(repeating: false)
        for step in 1..<32 {
            let v = raw.loadUnaligned(fromByteOffset: step &* 16, as: SIMD4<UInt32>.self)
            let before = raw.loadUnaligned(fromByteOffset: step &* 16 &- 4, as: SIMD4<UInt32>.self)
            unordered .|= v .<= before
        }
        return !any(unordered) && values[1] > values[0] && values[2] > values[1] && values[3] > values[2]
            && Int64(values[0]) > previous
    }
}
