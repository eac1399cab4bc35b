// Version numbers of the tool and of the on-disk index format it reads and writes.
public enum NewsIndexVersion {
    /// The release of the newsidx tool.
    public static let tool = "0.1.0"
    /// The index format version written and read (see IndexFormat.md).
    public static let format: UInt32 = 3
}
