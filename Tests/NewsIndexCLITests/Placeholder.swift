// CLI tests run the built newsidx binary (filled by the CLI work).
import Testing
@Test func cliPlaceholder() { #expect(1 + 1 == 2) }
