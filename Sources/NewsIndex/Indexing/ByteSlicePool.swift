// Growable byte streams for many terms in one pool of pages (as Lucene's ByteBlockPool): no allocation per term.
import Glibc

/// Many append-only byte streams packed into large pages. A stream is a chain of slices of growing
/// size; the last 4 bytes of a slice hold the pool offset of the next one. Offsets are UInt32, so one
/// pool holds at most 4 GiB (the memory budget keeps it far below). Pages start zero-filled
/// (calloc: free for fresh mmap-ed memory), so any byte of a slice may be read (`byte(at:)`).
final class ByteSlicePool {
    static let pageSize = 1 << 20
    private static let sliceSizes: [Int] = [16, 32, 64, 128, 256, 512, 1024, 2048]

    /// The pages, in a fixed table (4,096 pages of 1 MiB cover the UInt32 offset space): reading a
    /// page's address in the byte loop costs no array bookkeeping.
    private static let maximumPages = 4096
    private let pages = UnsafeMutablePointer<UnsafeMutablePointer<UInt8>>.allocate(capacity: ByteSlicePool.maximumPages)
    private var pageCount = 0
    private var used = ByteSlicePool.pageSize  // bytes used in the last page; full at start

    init() {
        // The first page at once: offset 0 (no stream yet) can be read (`byte(at:)`).
        _ = allocateSlice(level: 0)
        used = 16
    }

    deinit {
        for index in 0..<pageCount { free(pages[index]) }
        pages.deallocate()
    }

    /// Bytes of memory held by the pool.
    var allocatedBytes: Int { pageCount * Self.pageSize }

    /// Where a stream stands: where its bytes start, where the next byte goes, and where the
    /// current slice's link area begins.
    struct Stream {
        var head: UInt32 = 0
        var write: UInt32 = 0
        var sliceEnd: UInt32 = 0
        var level: UInt8 = 0
        var isEmpty: Bool { sliceEnd == 0 }
    }

    private func allocateSlice(level: Int) -> UInt32 {
        let size = Self.sliceSizes[level]
        if used + size > Self.pageSize {
            guard let page = calloc(1, Self.pageSize)?.bindMemory(to: UInt8.self, capacity: Self.pageSize) else {
                fatalError("out of memory (a postings page)")
            }
            precondition(pageCount < Self.maximumPages, "postings buffer above 4 GiB (the memory budget keeps it far below)")
            (pages + pageCount).initialize(to: page)
            pageCount += 1
            used = 0
            // Offset 0 means "no stream yet"; skip it in the first page.
            if pageCount == 1 { used = 16 }
        }
        let offset = (pageCount - 1) * Self.pageSize + used
        used += size
        return UInt32(offset)
    }

    @inline(__always)
    private func pointer(_ offset: UInt32) -> UnsafeMutablePointer<UInt8> {
        pages[Int(offset) >> 20] + (Int(offset) & (Self.pageSize - 1))
    }

    /// The byte at `offset` (within a slice, or 0; 0 if not written yet).
    @inline(__always)
    func byte(at offset: UInt32) -> UInt8 { pointer(offset).pointee }

    /// Appends one byte to `stream`.
    @inline(__always)
    func append(_ byte: UInt8, to stream: inout Stream) {
        if stream.write == stream.sliceEnd { grow(&stream) }
        pointer(stream.write).pointee = byte
        stream.write += 1
    }

    /// Appends `value` as an unsigned LEB128 varint.
    @inline(__always)
    func appendVarint(_ value: UInt32, to stream: inout Stream) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80, to: &stream)
            value >>= 7
        }
        append(UInt8(value), to: &stream)
    }

    private func grow(_ stream: inout Stream) {
        if stream.isEmpty {
            let slice = allocateSlice(level: 0)
            stream = Stream(head: slice, write: slice, sliceEnd: slice + UInt32(Self.sliceSizes[0] - 4), level: 0)
            return
        }
        let level = min(Int(stream.level) + 1, Self.sliceSizes.count - 1)
        let slice = allocateSlice(level: level)
        let link = pointer(stream.sliceEnd)
        UnsafeMutableRawPointer(link).storeBytes(of: slice.littleEndian, as: UInt32.self)
        stream.write = slice
        stream.sliceEnd = slice + UInt32(Self.sliceSizes[level] - 4)
        stream.level = UInt8(level)
    }

    /// A reader over the bytes of `stream`, from its head to its write position.
    func reader(_ stream: Stream) -> Reader { Reader(pool: self, stream: stream) }

    /// Reads a stream back in order.
    struct Reader {
        let pool: ByteSlicePool
        private var position: UInt32
        private var sliceEnd: UInt32
        private var level: Int
        private let end: UInt32

        init(pool: ByteSlicePool, stream: Stream) {
            self.pool = pool
            position = stream.head
            end = stream.write
            level = 0
            sliceEnd = stream.isEmpty ? 0 : stream.head + UInt32(ByteSlicePool.sliceSizes[0] - 4)
        }

        var isAtEnd: Bool { position == end }

        @inline(__always)
        mutating func readByte() -> UInt8 {
            if position == sliceEnd {
                let next = UnsafeRawPointer(pool.pointer(sliceEnd)).loadUnaligned(as: UInt32.self)
                level = min(level + 1, ByteSlicePool.sliceSizes.count - 1)
                position = UInt32(littleEndian: next)
                sliceEnd = position + UInt32(ByteSlicePool.sliceSizes[level] - 4)
            }
            let byte = pool.pointer(position).pointee
            position += 1
            return byte
        }

        @inline(__always)
        mutating func readVarint() -> UInt32 {
            var result: UInt32 = 0
            var shift: UInt32 = 0
            while true {
                let byte = readByte()
                result |= UInt32(byte & 0x7F) << shift
                if byte < 0x80 { return result }
                shift += 7
            }
        }
    }
}
