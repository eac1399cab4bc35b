// Helpers for the Format* test suites: a seeded random generator and error-kind checks.
import Testing
@testable import NewsIndex

typealias FormatRNG = SeededRandom

/// The error `body` throws, or nil.
func formatError(_ body: () throws -> Void) -> NewsIndexError? {
    do {
        try body()
        return nil
    } catch let e as NewsIndexError {
        return e
    } catch {
        Issue.record("unexpected error type \(error)")
        return nil
    }
}
