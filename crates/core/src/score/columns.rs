//! Character columns of byte offsets, for evidence spans (SARIF and editors count
//! columns in characters).
//!
//! Counting only, on text already read: it must not decide which spans are evidence.

/// Characters before a byte offset, from a count per 64-byte block: columns of evidence
/// spans without counting from the start of the line each time (a JSONL answer is one
/// line, so that was a scan of the text per span: 3% of end-to-end cycles).
pub(super) struct CharCounter<'a> {
    bytes: &'a [u8],
    /// Characters in `bytes[..64 * k]`; empty when `bytes` is ASCII.
    blocks: Vec<usize>,
}

impl<'a> CharCounter<'a> {
    const BLOCK: usize = 64;

    pub(super) fn new(text: &'a str) -> CharCounter<'a> {
        let bytes = text.as_bytes();
        // Most answers are ASCII: then characters are bytes and no counting is needed
        // (`is_ascii` reads a word at a time; the per-byte count was ≈ 7 k instructions
        // per 250-word answer).
        if bytes.is_ascii() {
            return CharCounter {
                bytes,
                blocks: Vec::new(),
            };
        }
        let mut blocks = Vec::with_capacity(bytes.len() / Self::BLOCK + 1);
        let mut total = 0;
        blocks.push(0);
        for block in bytes.chunks(Self::BLOCK) {
            total += count_chars(block);
            blocks.push(total);
        }
        CharCounter { bytes, blocks }
    }

    /// Characters in `text[..offset]` (`offset` on a character boundary).
    pub(super) fn before(&self, offset: usize) -> usize {
        if self.blocks.is_empty() {
            return offset;
        }
        let block = offset / Self::BLOCK;
        self.blocks[block] + count_chars(&self.bytes[block * Self::BLOCK..offset])
    }
}

/// Characters in UTF-8 bytes: every byte but continuation bytes (`0b10xx_xxxx`) starts
/// one. Eight bytes at a time: a continuation byte is one whose top bit is set and whose
/// next bit is clear, so `x & !(x << 1)` keeps its top bit alone, and a popcount counts
/// them. The byte-at-a-time filter was ≈ 5 k instructions per 250-word answer with a
/// typographic apostrophe or dash (callgrind: `CharCounter::new` 10.0 M on 2,000
/// generated answers).
fn count_chars(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut continuation = 0;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        continuation += (x & !(x << 1) & HIGH).count_ones() as usize;
    }
    let rest = chunks.remainder();
    bytes.len() - continuation - rest.iter().filter(|&&b| (b as i8) < -0x40).count()
}
