// Checks the version constants the tool prints.
import Testing
@testable import NewsIndex

@Test func formatVersionIsOne() { #expect(NewsIndexVersion.format == 1) }
