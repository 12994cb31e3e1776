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
    /// Terminated by a tab (not by a line end).
    htab: bool,
}

/// An elastic-tabstop writer with space padding and left alignment.
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    buf: String,
    cell: Cell,
    lines: Vec<Vec<Cell>>,
    widths: Vec<usize>,
    out: String,
}

impl TabWriter {
    /// `tabwriter.NewWriter(output, minwidth, tabwidth, padding, ' ', 0)`; the
    /// tab width only matters when padding with tabs, which docker never does.
    pub fn new(minwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            buf: String::new(),
            cell: Cell::default(),
            lines: vec![Vec::new()],
            widths: Vec::new(),
            out: String::new(),
        }
    }

    /// The writer docker's table formats use.
    pub fn docker() -> TabWriter {
        TabWriter::new(10, 3)
    }

    pub fn write(&mut self, text: &str) {
        let mut start = 0;
        for (i, ch) in text.char_indices() {
            if matches!(ch, '\t' | '\u{b}' | '\n' | '\u{c}') {
                self.append(&text[start..i]);
                start = i + 1;
                let ncells = self.terminate_cell(ch == '\t');
                if ch == '\n' || ch == '\u{c}' {
                    self.lines.push(Vec::new());
                    // A line with a single cell cannot belong to a column
                    // block, so everything before it is formatted now.
                    if ch == '\u{c}' || ncells == 1 {
                        self.flush_lines();
                    }
                }
            }
        }
        self.append(&text[start..]);
    }

    /// Flushes and returns everything written.
    pub fn finish(mut self) -> String {
        if self.cell.size > 0 {
            self.terminate_cell(false);
        }
        self.flush_lines();
        self.out
    }

    fn append(&mut self, text: &str) {
        self.buf.push_str(text);
        self.cell.size += text.len();
        self.cell.width += text.width();
    }

    fn terminate_cell(&mut self, htab: bool) -> usize {
        self.cell.htab = htab;
        let cell = std::mem::take(&mut self.cell);
        match self.lines.last_mut() {
            Some(line) => {
                line.push(cell);
                line.len()
            }
            None => {
                self.lines.push(vec![cell]);
                1
            }
        }
    }

    fn flush_lines(&mut self) {
        let n = self.lines.len();
        self.format(0, 0, n);
        self.buf.clear();
        self.cell = Cell::default();
        self.lines = vec![Vec::new()];
        self.widths.clear();
    }

    fn format(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        let mut line0 = line0;
        let column = self.widths.len();
        let mut this = line0;
        while this < line1 {
            if column + 1 >= self.lines[this].len() {
                this += 1;
                continue;
            }
            // Cell `column` exists in this line: a column block starts here.
            pos = self.write_lines(pos, line0, this);
            line0 = this;
            let mut width = self.minwidth;
            while this < line1 {
                let line = &self.lines[this];
                if column + 1 >= line.len() {
                    break;
                }
                let c = line[column];
                width = width.max(c.width + self.padding);
                this += 1;
            }
            self.widths.push(width);
            pos = self.format(pos, line0, this);
            self.widths.pop();
            line0 = this;
        }
        self.write_lines(pos, line0, line1)
    }

    fn write_lines(&mut self, pos0: usize, line0: usize, line1: usize) -> usize {
        let mut pos = pos0;
        for i in line0..line1 {
            for (j, c) in self.lines[i].iter().enumerate() {
                if c.size > 0 {
                    self.out.push_str(&self.buf[pos..pos + c.size]);
                    pos += c.size;
                }
                if let Some(&w) = self.widths.get(j) {
                    self.out
                        .extend(std::iter::repeat_n(' ', w.saturating_sub(c.width)));
                }
            }
            if i + 1 == self.lines.len() {
                // The last, unterminated cell of the buffer.
                let end = pos + self.cell.size;
                self.out.push_str(&self.buf[pos..end]);
                pos = end;
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
    fn text_without_newline_is_kept() {
        assert_eq!(table("a\tb"), "a         b");
    }
}
