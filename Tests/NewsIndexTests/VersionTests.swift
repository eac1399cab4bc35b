// Checks the version constants the tool prints.
import Testing
@testable import NewsIndex

@Test func formatVersionIsTwo() { #expect(NewsIndexVersion.format == 2) }
