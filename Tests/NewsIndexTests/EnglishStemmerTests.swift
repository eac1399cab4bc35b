// Tests of EnglishStemmer: the whole Snowball English vocabulary (reference vectors from
// snowball-data ba91f32) and edge cases that must never trap, grow the word or write past it.
import Testing
@testable import NewsIndex

@Suite("EnglishStemmer") struct EnglishStemmerTests {
    /// The lines of a fixture file (without the empty string after the final newline).
    private func lines(_ path: String) throws -> [Substring] {
        var all = try Fixtures.text(path).split(separator: "\n", omittingEmptySubsequences: false)
        if all.last == "" { all.removeLast() }
        return all
    }

    /// Stems `bytes` in a buffer with guard bytes after `count`; checks nothing beyond the word
    /// changed and the stem did not grow. Returns the stem's bytes.
    private func stemGuarded(_ bytes: [UInt8], count: Int? = nil) -> [UInt8] {
        let count = count ?? bytes.count
        let guardByte: UInt8 = 0xA5
        var buffer = bytes + [UInt8](repeating: guardByte, count: 8)
        let length = buffer.withUnsafeMutableBufferPointer { EnglishStemmer().stem($0, count: count) }
        #expect(length >= 0 && length <= max(count, 0), "stem of \(bytes) grew: \(length) > \(count)")
        #expect(buffer[bytes.count...].allSatisfy { $0 == guardByte }, "wrote past the word \(bytes)")
        return Array(buffer[..<max(0, min(length, bytes.count))])
    }

    @Test func wholeSnowballVocabularyMatches() throws {
        let words = try lines("stemmer/english/voc.txt")
        let stems = try lines("stemmer/english/output.txt")
        #expect(words.count == 42_649)
        #expect(stems.count == words.count)
        let stemmer = EnglishStemmer()
        var mismatches: [String] = []
        var mismatchCount = 0
        for (word, expected) in zip(words, stems) {
            let got = stemmer.stem(String(word))
            if got != expected {
                mismatchCount += 1
                if mismatches.count < 20 { mismatches.append("\(word) → \(got), expected \(expected)") }
            }
        }
        #expect(mismatchCount == 0,
                "\(mismatchCount) of \(words.count) words differ; first: \(mismatches.joined(separator: "; "))")
    }

    @Test func inPlaceAPIMatchesStringAPIOnVocabulary() throws {
        let words = try lines("stemmer/english/voc.txt")
        let stemmer = EnglishStemmer()
        var differing = 0
        for word in words.prefix(5_000) {
            let viaBytes = stemGuarded(Array(word.utf8))
            if viaBytes != Array(stemmer.stem(String(word)).utf8) { differing += 1 }
        }
        #expect(differing == 0)
    }

    @Test(arguments: [
        ("", ""), ("a", "a"), ("ab", "ab"), ("is", "is"), ("'", "'"), ("''", "''"), ("'''", "'"),
        ("''''", "''"), ("1987", "1987"), ("1980s", "1980s"), ("3rd", "3rd"), ("sky", "sky"),
        ("skies", "sky"), ("dying", "die"), ("vying", "vie"), ("news", "news"), ("inning", "inning"),
        ("proceed", "proceed"), ("generously", "generous"), ("pasted", "paste"), ("'s", "'s"),
        ("cat's", "cat"), ("naïve", "naïv"), ("naïves", "naïv"), ("éies", "éie"), ("xéies", "xéi"),
        ("haéed", "haée"), ("né", "né"), ("café", "café"), ("cafés", "café"),
        ("yelling", "yell"), ("saying", "say"),
    ])
    func edgeCasesAndCharacterRules(word: String, expected: String) {
        #expect(EnglishStemmer().stem(word) == expected)
        #expect(stemGuarded(Array(word.utf8)) == Array(expected.utf8))
    }

    @Test func longWordsNeverTrapOrGrow() {
        // 255 bytes: "abab…ab" + "ational" loses "ational" over steps 2 and 4 (as PyStemmer 3.1.0 does).
        let stem = [UInt8](repeating: 0, count: 124).flatMap { _ in Array("ab".utf8) }
        let long = stem + Array("ational".utf8)
        #expect(long.count == 255)
        #expect(stemGuarded(long) == stem)
        let plural = [UInt8]("international".utf8) + [UInt8](repeating: UInt8(ascii: "s"), count: 242)
        #expect(plural.count == 255)
        #expect(stemGuarded(plural) == plural)
    }

    @Test func arbitraryBytesNeverTrapOrGrow() {
        // Every single byte, and seeded random byte strings over an alphabet rich in suffix letters,
        // UTF-8 lead and continuation bytes (also invalid sequences).
        for byte in 0...255 {
            for length in 1...4 { _ = stemGuarded([UInt8](repeating: UInt8(byte), count: length)) }
        }
        let alphabet = Array("aeiouybdglnstYzwx'1".utf8) + [0xC3, 0xA9, 0x80, 0xBF, 0xE2, 0xF0, 0xFF, 0x00]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for _ in 0..<20_000 {
            let length = next() % 14
            let word = (0..<length).map { _ in alphabet[next() % alphabet.count] }
            _ = stemGuarded(word)
        }
    }

    @Test func outOfRangeCountsAreClamped() {
        #expect(stemGuarded(Array("running".utf8), count: -3) == [])
        var buffer = Array("running".utf8)
        let length = buffer.withUnsafeMutableBufferPointer { EnglishStemmer().stem($0, count: 100) }
        #expect(length == 3)
        #expect(Array(buffer[..<length]) == Array("run".utf8))
    }
}
