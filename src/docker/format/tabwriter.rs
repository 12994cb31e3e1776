//! docker/cli's fork of Go's `text/tabwriter` (elastic tabstops), as
//! `formatter.Context` drives it: `NewWriter(out, 10, 1, 3, ' ', 0)`.
//!
//! The fork measures cells with `runewidth.StringWidth`, so wide runes count
//! two columns. Escapes and HTML filtering are never enabled by docker, and
//! Rust strings cannot carry the `0xff` escape byte, so they are omitted.

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Bytes of text in `buf`.
    size: usize,
    /// Display width of the text.
    width: usize,
}

/// An elastic-tabstop writer with space padding and left alignment.
///
/// Written text is kept in one buffer, cell terminators included (one copy
/// a write, not one a cell); the terminated cells of all pending lines are
/// one flat list, and `lines` holds where each line's cells start (the
/// last line is the one being written).
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    buf: String,
    /// Where the pending (not yet formatted) text starts in `buf`.
    pending: usize,
    /// Where the cell being written starts in `buf`; it ends where the
    /// scan of written text is (all of `buf` after a write).
    cell_start: usize,
    /// Whether the cell being written holds anything but printable ASCII
    /// and `…`, whose display widths are known without context.
    cell_wide: bool,
    /// How many `…` (three bytes, one column) the cell being written holds:
    /// docker's `Ellipsis` puts one in every truncated command.
    cell_ellipses: usize,
    cells: Vec<Cell>,
    lines: Vec<usize>,
    widths: Vec<usize>,
    out: String,
}

/// How many bytes at the start of `bytes` are printable ASCII (a space to
/// `~`), eight at a time: cell text is mostly that, and its display width
/// is its length.
fn printable_ascii_run(bytes: &[u8]) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word);
        // Nonzero when some byte is below 0x20, or above 0x7e (adding 1
        // sets the high bit of 0x7f; bytes from 0x80 have it), the two
        // byte-range tests of "Bit Twiddling Hacks".
        let below = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let above = (x.wrapping_add(ONES) | x) & HIGHS;
        if below | above != 0 {
            break;
        }
        n += 8;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !(b' '..=b'~').contains(b))
        .unwrap_or(bytes.len() - n)
}

const ELLIPSIS: &str = "…";
/// `…` is one column wide, and neither changes nor is changed by the width
/// of what is next to it (a test checks this against `unicode-width`).
const ELLIPSIS_WIDTH: usize = 1;

const SPACES: &str = "                                                                ";

impl TabWriter {
    /// `tabwriter.NewWriter(output, minwidth, tabwidth, padding, ' ', 0)`; the
    /// tab width only matters when padding with tabs, which docker never does.
    pub fn new(minwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            buf: String::new(),
            pending: 0,
            cell_start: 0,
            cell_wide: false,
            cell_ellipses: 0,
            cells: Vec::new(),
            lines: vec![0],
            widths: Vec::new(),
            out: String::new(),
        }
    }

    /// The writer docker's table formats use.
    pub fn docker() -> TabWriter {
        TabWriter::new(10, 3)
    }

    pub fn write(&mut self, text: &str) {
        if self.pending == self.buf.len() {
            // Nothing pending: start the buffer afresh.
            self.buf.clear();
            self.pending = 0;
            self.cell_start = 0;
        }
        let base = self.buf.len();
        self.buf.push_str(text);
        // The cell terminators are ASCII, so a byte scan finds them without
        // splitting a character.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            i += printable_ascii_run(&bytes[i..]);
            let Some(&b) = bytes.get(i) else {
                break;
            };
            if bytes[i..].starts_with(ELLIPSIS.as_bytes()) {
                self.cell_ellipses += 1;
                i += ELLIPSIS.len();
                continue;
            }
            i += 1;
            if !matches!(b, b'\t' | b'\x0b' | b'\n' | b'\x0c') {
                self.cell_wide = true;
                continue;
            }
            let ncells = self.terminate_cell(base + i - 1);
            if b == b'\n' || b == b'\x0c' {
                self.lines.push(self.cells.len());
                // A line with a single cell cannot belong to a column
                // block, so everything before it is formatted now.
                if b == b'\x0c' || ncells == 1 {
                    self.flush_lines(base + i);
                }
            }
        }
    }

    /// Flushes and returns everything written.
    pub fn finish(mut self) -> String {
        let end = self.buf.len();
        if end > self.cell_start {
            // As if terminated: formatting skips a terminator after each
            // terminated cell.
            self.buf.push('\t');
            self.terminate_cell(end);
        }
        self.flush_lines(self.buf.len());
        self.out
    }

    /// Ends the cell being written at `end` (its terminator); returns how
    /// many cells its line has.
    fn terminate_cell(&mut self, end: usize) -> usize {
        let text = &self.buf[self.cell_start..end];
        let width = if self.cell_wide {
            text.width()
        } else {
            text.len() - self.cell_ellipses * (ELLIPSIS.len() - ELLIPSIS_WIDTH)
        };
        self.cells.push(Cell {
            size: text.len(),
            width,
        });
        self.cell_start = end + 1;
        self.cell_wide = false;
        self.cell_ellipses = 0;
        self.cells.len() - self.lines.last().copied().unwrap_or(0)
    }

    fn line(&self, i: usize) -> &[Cell] {
        let end = self.lines.get(i + 1).copied().unwrap_or(self.cells.len());
        &self.cells[self.lines[i]..end]
    }

    /// Formats the pending lines; the text written so far ends at `end`
    /// (the rest of `buf` is not scanned yet).
    fn flush_lines(&mut self, end: usize) {
        let n = self.lines.len();
        // Padding adds up to a column width per cell; this is a guess that
        // saves most of the growing.
        self.out.reserve(end - self.pending + self.cells.len() * 4);
        let pos = self.format(self.pending, 0, n, end);
        self.pending = pos;
        self.cell_start = pos;
        self.cell_wide = false;
        self.cell_ellipses = 0;
        self.cells.clear();
        self.lines.clear();
        self.lines.push(0);
        self.widths.clear();
    }

    fn format(&mut self, pos0: usize, line0: usize, line1: usize, end: usize) -> usize {
        let mut pos = pos0;
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.line(this).len() {
                this += 1;
                continue;
            }
            // Cell `column` exists in this line: a column block starts here.
            pos = self.write_lines(pos, line0, this, end);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let line = self.line(this);
                if column + 1 >= line.len() {
                    break;
                }
                width = width.max(line[column].width + self.padding);
                this += 1;
            }
            self.widths.push(width);
            pos = self.format(pos, line0, this, end);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(pos, line0, line1, end)
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize, written: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            let end = self.lines.get(i + 1).copied().unwrap_or(self.cells.len());
            for j in self.lines[i]..end {
                let c = self.cells[j];
                let column = j - self.lines[i];
                self.out.push_str(&self.buf[pos..pos + c.size]);
                // Past the cell's terminator.
                pos += c.size + 1;
                if let Some(&w) = self.widths.get(column) {
                    let mut pad = w.saturating_sub(c.width);
                    while pad > 0 {
                        let n = pad.min(SPACES.len());
                        self.out.push_str(&SPACES[..n]);
                        pad -= n;
                    }
                }
            }
            if i + 1 == self.lines.len() {
                // The last, unterminated cell of the text written so far.
                let last = pos + (written - self.cell_start);
                self.out.push_str(&self.buf[pos..last]);
                pos = last;
            } else {
                self.out.push('\n');
            }
        }
        pos
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> String {
        let mut w = TabWriter::docker();
        w.write(text);
        w.finish()
    }

    #[test]
    fn pads_columns_to_min_width_plus_padding() {
        assert_eq!(
            table("NAMES\tSTATUS\nweb\tUp 6 hours\nshop-api-1\tUp\n"),
            "NAMES        STATUS\nweb          Up 6 hours\nshop-api-1   Up\n"
        );
    }

    #[test]
    fn empty_trailing_cells_are_still_padded() {
        assert_eq!(
            table("A\tB\tC\nx\t\ty\n"),
            "A         B         C\nx                   y\n"
        );
        assert_eq!(table("ID\tPORTS\nabc\t\n"), "ID        PORTS\nabc       \n");
    }

    #[test]
    fn wide_runes_count_two_columns() {
        assert_eq!(table("名前\tX\nab\tY\n"), "名前      X\nab        Y\n");
    }

    #[test]
    fn single_cell_lines_end_a_column_block() {
        assert_eq!(
            table("a\tb\nplain\nlonger-cell\tc\n"),
            "a         b\nplain\nlonger-cell   c\n"
        );
    }

    #[test]
    fn ellipses_are_one_column_wherever_they_stand() {
        assert_eq!("…".width(), ELLIPSIS_WIDTH);
        for neighbour in ['a', '~', ' ', '1', '#', '*'] {
            let s = format!("{neighbour}…{neighbour}");
            assert_eq!(s.width(), 2 + ELLIPSIS_WIDTH, "{s:?}");
        }
        assert_eq!(
            table("\"python -m worker --…\"\tx\n…\ty\n"),
            format!("\"python -m worker --…\"   x\n…{}y\n", " ".repeat(24))
        );
    }

    #[test]
    fn text_without_newline_is_kept() {
        assert_eq!(table("a\tb"), "a         b");
    }
}
