// Checks the version constants the tool prints.
import Testing
@testable import NewsIndex

@Test func formatVersionIsThree() { #expect(NewsIndexVersion.format == 3) }
