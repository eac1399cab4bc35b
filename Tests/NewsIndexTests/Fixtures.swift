// Locates the test fixtures (reference data copied from Unicode and Snowball, with their licences).
import Foundation

enum Fixtures {
    /// The URL of a file under Tests/NewsIndexTests/Fixtures, e.g. "unicode/WordBreakTest.txt".
    static func url(_ relativePath: String) -> URL {
        let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
        return root.appendingPathComponent(relativePath)
    }

    /// The whole text of a fixture file.
    static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
