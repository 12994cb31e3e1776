//! docker/cli's fork of Go's `text/tabwriter` (elastic tabstops), as
//! `formatter.Context` drives it: `NewWriter(out, 10, 1, 3, ' ', 0)`.
//!
//! The fork measures cells with `runewidth.StringWidth`, so wide runes count
//! two columns. Escapes and HTML filtering are never enabled by docker, and
//! Rust strings cannot carry the `0xff` escape byte, so they are omitted.
//!
//! A long table may be written in parts, each cut into cells ([`Lines`]) by
//! the thread that rendered it, and formatted as one ([`format_parts`]): the
//! cells of a line depend only on that line, and only the column widths
//! need every line. Go formats whatever is pending when a line holds a
//! single cell or ends with a form feed; a single-cell line ends every
//! column block anyway, so only form feeds need marking.

use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// A cell's text size and display width, four bytes for the tens of
/// thousands of cells of a long listing. A cell of `BIG_CELL` bytes or
/// more (64 KiB: a rare, huge label or command) is marked by a size of
/// `BIG_CELL` and measured in [`Lines::big`].
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    /// Bytes of text (the terminator not included).
    size: u16,
    /// Display width of the text.
    width: u16,
}

#[cfg(not(test))]
const BIG_CELL: u16 = u16::MAX;
/// Small in tests, so that every test table has cells measured aside.
#[cfg(test)]
const BIG_CELL: u16 = 24;

/// Text cut into lines of cells, as the writer reads it.
///
/// The text is kept whole, terminators included; the terminated cells of
/// all lines are one flat list, and `starts` holds where each line's cells
/// start (the last line is the one being written).
pub struct Lines {
    text: String,
    cells: Vec<Cell>,
    /// The cells of `BIG_CELL` bytes or more, by their index in `cells`,
    /// with their size and width.
    big: Vec<(usize, usize, usize)>,
    starts: Vec<usize>,
    /// Lines that follow a form feed: no column block spans one.
    breaks: Vec<usize>,
    /// Where the cell being written starts in `text`; it ends where the
    /// scan is (all of `text` after a write).
    cell_start: usize,
    /// Whether the cell being written holds anything but printable ASCII
    /// and `…`, whose display widths are known without context.
    cell_wide: bool,
    /// How many `…` (three bytes, one column) the cell being written holds:
    /// docker's `Ellipsis` puts one in every truncated command.
    cell_ellipses: usize,
    /// The shape of the lines ended so far, measured by the thread that
    /// scans them, for tables whose lines all have as many cells.
    shape: Shape,
}

/// Ended lines (by a newline) with as many cells each: how many, and per
/// column the widest cell and the sum of the widths.
struct Shape {
    /// False once a line ends with another number of cells than the first,
    /// or with a form feed.
    uniform: bool,
    /// Cells per line (the first line's), if a line ended.
    cells: Option<usize>,
    lines: usize,
    /// Bytes of all their cells' text.
    bytes: usize,
    /// Per column, the widest cell's width and the sum of the widths.
    columns: Vec<(usize, usize)>,
}

impl Default for Shape {
    fn default() -> Shape {
        Shape {
            uniform: true,
            cells: None,
            lines: 0,
            bytes: 0,
            columns: Vec::new(),
        }
    }
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

/// After this many lines of a long text, room for the rest is reserved as
/// the lines so far suggest (listings' rows are much alike), so that the
/// cell list is not grown by copies.
const SAMPLE_LINES: usize = 32;
/// Texts shorter than this are not worth the estimate.
const RESERVE_MIN_BYTES: usize = 16 << 10;

impl Default for Lines {
    fn default() -> Lines {
        Lines::new()
    }
}

impl Lines {
    pub fn new() -> Lines {
        Lines {
            text: String::new(),
            cells: Vec::new(),
            big: Vec::new(),
            starts: vec![0],
            breaks: Vec::new(),
            cell_start: 0,
            cell_wide: false,
            cell_ellipses: 0,
            shape: Shape::default(),
        }
    }

    /// `text` cut into cells, without copying it.
    pub fn scan(text: String) -> Lines {
        let mut lines = Lines::new();
        lines.text = text;
        lines.scan_from(0);
        lines
    }

    /// Appends `text` and cuts it into cells.
    pub fn push_str(&mut self, text: &str) {
        let base = self.text.len();
        self.text.push_str(text);
        self.scan_from(base);
    }

    /// The text as written, terminators included.
    pub fn into_text(self) -> String {
        self.text
    }

    fn scan_from(&mut self, base: usize) {
        // The cell terminators are ASCII, so a byte scan finds them without
        // splitting a character.
        let mut i = base;
        let sample_at = (self.text.len() - base >= RESERVE_MIN_BYTES)
            .then_some(self.starts.len() + SAMPLE_LINES);
        while i < self.text.len() {
            let bytes = self.text.as_bytes();
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
            self.terminate_cell(i - 1);
            if b == b'\n' || b == b'\x0c' {
                self.end_line(b == b'\x0c');
                self.starts.push(self.cells.len());
                if b == b'\x0c' {
                    self.breaks.push(self.starts.len() - 1);
                }
                if Some(self.starts.len()) == sample_at {
                    self.reserve_like(base, i);
                }
            }
        }
    }

    /// Adds the line being written, all of its cells terminated, to the
    /// shape.
    fn end_line(&mut self, form_feed: bool) {
        let first = self.starts.last().copied().unwrap_or(0);
        let count = self.cells.len() - first;
        let shape = &mut self.shape;
        shape.uniform &= !form_feed && shape.cells.is_none_or(|n| n == count);
        if !shape.uniform {
            return;
        }
        if shape.cells.is_none() {
            shape.cells = Some(count);
            shape.columns = vec![(0, 0); count];
        }
        shape.lines += 1;
        let cells = self.cells.get(first..).unwrap_or_default();
        for (j, (c, (widest, widths))) in cells.iter().zip(&mut shape.columns).enumerate() {
            let (size, width) = if c.size < BIG_CELL {
                (usize::from(c.size), usize::from(c.width))
            } else {
                big_cell(&self.big, first + j)
            };
            shape.bytes += size;
            *widest = (*widest).max(width);
            *widths += width;
        }
    }

    /// The cells of the last line (the one after the last line end).
    fn last_line_cells(&self) -> usize {
        self.cells.len() - self.starts.last().copied().unwrap_or(0)
    }

    /// Reserves room for the cells and lines of `text[scanned..]` as many
    /// as `text[base..scanned]` has for its length, and an eighth more;
    /// never more cells than the bytes left (each has a terminator).
    fn reserve_like(&mut self, base: usize, scanned: usize) {
        let (done, rest) = (scanned - base, self.text.len() - scanned);
        let guess = |n: usize| (n.saturating_mul(rest) / done.max(1)).saturating_mul(9) / 8;
        let lines = self.starts.len().saturating_sub(1);
        self.cells.reserve(guess(self.cells.len()).min(rest + 1));
        self.starts.reserve(guess(lines).min(rest + 1));
    }

    /// Ends the cell being written at `end` (its terminator, or the end of
    /// the text).
    fn terminate_cell(&mut self, end: usize) {
        let size = end - self.cell_start;
        let width = if self.cell_wide {
            self.text
                .get(self.cell_start..end)
                .map_or(0, UnicodeWidthStr::width)
        } else {
            size - self.cell_ellipses * (ELLIPSIS.len() - ELLIPSIS_WIDTH)
        };
        match (u16::try_from(size), u16::try_from(width)) {
            (Ok(size), Ok(width)) if size < BIG_CELL => self.cells.push(Cell { size, width }),
            _ => self.push_big(size, width),
        }
        self.cell_start = end + 1;
        self.cell_wide = false;
        self.cell_ellipses = 0;
    }

    #[cold]
    fn push_big(&mut self, size: usize, width: usize) {
        self.big.push((self.cells.len(), size, width));
        self.cells.push(Cell {
            size: BIG_CELL,
            width: 0,
        });
    }

    /// Cell `index`'s size and display width.
    #[inline]
    fn measure(&self, index: usize) -> (usize, usize) {
        let c = self.cells.get(index).copied().unwrap_or_default();
        if c.size < BIG_CELL {
            return (usize::from(c.size), usize::from(c.width));
        }
        self.measure_big(index)
    }

    /// Line `i`'s cells, and the index of its first.
    #[inline]
    fn line_cells(&self, i: usize) -> (usize, &[Cell]) {
        let range = self.line(i);
        (range.start, self.cells.get(range).unwrap_or_default())
    }

    /// The size and display width of cell `c`, whose index is `index`.
    #[inline]
    fn dims(&self, index: usize, c: Cell) -> (usize, usize) {
        if c.size < BIG_CELL {
            (usize::from(c.size), usize::from(c.width))
        } else {
            self.measure_big(index)
        }
    }

    fn measure_big(&self, index: usize) -> (usize, usize) {
        big_cell(&self.big, index)
    }

    /// Whether the text ends where a line starts (after a newline or form
    /// feed, or empty), so that another part may follow it.
    fn at_line_start(&self) -> bool {
        self.cell_start >= self.text.len() && self.starts.last() == Some(&self.cells.len())
    }

    /// Terminates a last cell left open, as Go's `Flush` does.
    fn close(&mut self) {
        if self.text.len() > self.cell_start {
            self.terminate_cell(self.text.len());
        }
    }

    fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Line `i`'s cells, as indexes into `cells`.
    fn line(&self, i: usize) -> Range<usize> {
        let end = self.starts.get(i + 1).copied().unwrap_or(self.cells.len());
        self.starts[i]..end
    }
}

/// The size and width of big cell `index`, as `Lines::big` holds them.
#[cold]
fn big_cell(big: &[(usize, usize, usize)], index: usize) -> (usize, usize) {
    let k = big.partition_point(|&(i, _, _)| i < index);
    big.get(k).map_or((0, 0), |&(_, size, width)| (size, width))
}

/// An elastic-tabstop writer with space padding and left alignment.
pub struct TabWriter {
    minwidth: usize,
    padding: usize,
    lines: Lines,
}

impl TabWriter {
    /// `tabwriter.NewWriter(output, minwidth, tabwidth, padding, ' ', 0)`; the
    /// tab width only matters when padding with tabs, which docker never does.
    pub fn new(minwidth: usize, padding: usize) -> TabWriter {
        TabWriter {
            minwidth,
            padding,
            lines: Lines::new(),
        }
    }

    /// The writer docker's table formats use.
    pub fn docker() -> TabWriter {
        TabWriter::new(10, 3)
    }

    pub fn write(&mut self, text: &str) {
        self.lines.push_str(text);
    }

    /// Flushes and returns everything written.
    pub fn finish(self) -> String {
        format_parts(self.minwidth, self.padding, vec![self.lines])
    }

    /// Flushes everything written followed by `parts`, as if they had been
    /// written after it.
    pub fn finish_with(self, parts: Vec<Lines>) -> String {
        let mut all = Vec::with_capacity(parts.len() + 1);
        all.push(self.lines);
        all.extend(parts);
        format_parts(self.minwidth, self.padding, all)
    }
}

#[cfg(test)]
thread_local! {
    /// How many column blocks this thread formatted in one pass.
    pub(super) static UNIFORM_BLOCKS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// How many tables this thread laid out from their parts' shapes.
    pub(super) static UNIFORM_LAYOUTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Lines at least this many are written out by two threads.
const SPLIT_LINES: usize = 1024;

/// The parts, written one after the other, formatted.
fn format_parts(minwidth: usize, padding: usize, parts: Vec<Lines>) -> String {
    let parts = joined_at_line_starts(parts);
    let table = Table::new(&parts);
    if let Some((runs, sizes)) = uniform_layout(&parts, minwidth, padding) {
        return table.write(&runs, Some(sizes));
    }
    let mut runs = Vec::new();
    let mut block_start = 0;
    for end in table
        .breaks
        .iter()
        .copied()
        .chain(std::iter::once(table.len()))
    {
        let mut widths = Vec::new();
        table.format(minwidth, padding, block_start..end, &mut widths, &mut runs);
        block_start = end;
    }
    table.write(&runs, None)
}

/// The runs and each part's output size for a table whose lines all have
/// the same number of cells, but the last, which has at most one (as a
/// listing's do, the last being empty), from the parts' shapes alone: the
/// lines but the last are then one column block for each column but the
/// last, and the last line is in none. `None` for any other table.
fn uniform_layout(
    parts: &[Lines],
    minwidth: usize,
    padding: usize,
) -> Option<(Vec<Run>, Vec<usize>)> {
    let mut n = None;
    for part in parts {
        if !part.shape.uniform || !part.breaks.is_empty() {
            return None;
        }
        match (n, part.shape.cells) {
            (_, None) => {}
            (None, cells) => n = cells,
            (Some(a), Some(b)) if a != b => return None,
            _ => {}
        }
    }
    let last = parts.last()?;
    if last.last_line_cells() > 1 {
        return None;
    }
    let ended: usize = parts.iter().map(|p| p.shape.lines).sum();
    // Columns left of the last, each as wide as its widest cell and the
    // padding.
    let columns = n.unwrap_or(0).saturating_sub(1);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            parts
                .iter()
                .filter_map(|p| p.shape.columns.get(c))
                .fold(minwidth, |w, &(widest, _)| w.max(widest + padding))
        })
        .collect();
    let mut sizes: Vec<usize> = parts
        .iter()
        .map(|p| {
            let shape = &p.shape;
            let pads: usize = widths
                .iter()
                .zip(&shape.columns)
                .map(|(w, &(_, sum))| (w * shape.lines).saturating_sub(sum))
                .sum();
            // Each ended line is followed by a newline (the last line
            // follows them all).
            shape.bytes + pads + shape.lines
        })
        .collect();
    // The last line's cell, if any, unpadded.
    let last_cells = last.line(last.line_count() - 1);
    if let Some(size) = sizes.last_mut() {
        *size += last_cells.map(|i| last.measure(i).0).sum::<usize>();
    }
    #[cfg(test)]
    UNIFORM_LAYOUTS.with(|n| n.set(n.get() + 1));
    let mut runs = Vec::with_capacity(2);
    push_run(&mut runs, 0..ended, &widths);
    push_run(&mut runs, ended..ended + 1, &[]);
    Some((runs, sizes))
}

/// `parts` with every part that does not end at a line start joined to the
/// next one (a line is cut into cells by one scan), and the last one's open
/// cell closed.
fn joined_at_line_starts(parts: Vec<Lines>) -> Vec<Lines> {
    let mut joined: Vec<Lines> = Vec::with_capacity(parts.len());
    for part in parts {
        match joined.last_mut() {
            Some(last) if !last.at_line_start() => last.push_str(&part.text),
            _ => joined.push(part),
        }
    }
    if joined.is_empty() {
        joined.push(Lines::new());
    }
    if let Some(last) = joined.last_mut() {
        last.close();
    }
    joined
}

/// Lines `lines` written with these column widths.
struct Run {
    lines: Range<usize>,
    widths: Vec<usize>,
}

/// One line's cells, in the part that holds them.
struct Line<'p> {
    part: &'p Lines,
    cells: Range<usize>,
}

impl Line<'_> {
    fn len(&self) -> usize {
        self.cells.len()
    }

    /// The display width of cell `column`, which the line has.
    fn width(&self, column: usize) -> usize {
        self.part.measure(self.cells.start + column).1
    }
}

/// The parts' lines numbered as one text: a part that follows another
/// starts with the line its predecessor's last (empty) line would have
/// begun.
struct Table<'p> {
    parts: &'p [Lines],
    /// Where each part's lines start in the whole.
    firsts: Vec<usize>,
    len: usize,
    breaks: Vec<usize>,
}

impl<'p> Table<'p> {
    fn new(parts: &'p [Lines]) -> Table<'p> {
        let mut firsts = Vec::with_capacity(parts.len());
        let mut breaks = Vec::new();
        let mut len = 0;
        for (k, part) in parts.iter().enumerate() {
            firsts.push(len);
            breaks.extend(part.breaks.iter().map(|&b| len + b));
            // A part followed by another ends at a line start: its last
            // line, empty, is the next part's first.
            len += if k + 1 < parts.len() {
                part.line_count() - 1
            } else {
                part.line_count()
            };
        }
        Table {
            parts,
            firsts,
            len,
            breaks,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    /// The part line `i` is in: the last whose lines start at or before
    /// it (parts before it that start there too own no line).
    fn part_of(&self, i: usize) -> usize {
        self.firsts.partition_point(|&f| f <= i).saturating_sub(1)
    }

    fn line(&self, i: usize) -> Line<'p> {
        let k = self.part_of(i);
        let part = &self.parts[k];
        Line {
            part,
            cells: part.line(i - self.firsts[k]),
        }
    }

    /// Go's `format`: the column blocks of lines `lines` from column
    /// `widths.len()` on, as runs of lines with the widths they are
    /// written with.
    fn format(
        &self,
        minwidth: usize,
        padding: usize,
        lines: Range<usize>,
        widths: &mut Vec<usize>,
        runs: &mut Vec<Run>,
    ) {
        let column = widths.len();
        let mut line0 = lines.start;
        let mut this = lines.start;
        while this < lines.end {
            if column + 1 >= self.line(this).len() {
                this += 1;
                continue;
            }
            // Cell `column` exists in this line: a column block starts here.
            push_run(runs, line0..this, widths);
            line0 = this;
            if let Some(end) = self.uniform_block(minwidth, padding, this..lines.end, widths, runs)
            {
                (line0, this) = (end, end);
                continue;
            }
            let mut width = minwidth;
            while this < lines.end {
                let line = self.line(this);
                if column + 1 >= line.len() {
                    break;
                }
                width = width.max(line.width(column) + padding);
                this += 1;
            }
            widths.push(width);
            self.format(minwidth, padding, line0..this, widths, runs);
            widths.pop();
            line0 = this;
        }
        push_run(runs, line0..lines.end, widths);
    }

    /// The column block that starts at `lines.start` (which has cell
    /// `widths.len()`), in one pass when its lines all have the same number
    /// of cells, as a listing's rows do: each of its columns is then one
    /// block over all of them, and [`Table::format`] would write them as
    /// one run. Pushes that run and returns where the block ends; `None`,
    /// with nothing done, when the block's lines differ.
    fn uniform_block(
        &self,
        minwidth: usize,
        padding: usize,
        lines: Range<usize>,
        widths: &mut Vec<usize>,
        runs: &mut Vec<Run>,
    ) -> Option<usize> {
        let column = widths.len();
        let n = self.line(lines.start).len();
        if column + 1 >= n {
            return None;
        }
        widths.resize(n - 1, minwidth);
        // Part by part, each line by its number in its part.
        let mut end = lines.start;
        'parts: while end < lines.end {
            let k = self.part_of(end);
            let (part, first) = (&self.parts[k], self.firsts[k]);
            let stop = self
                .firsts
                .get(k + 1)
                .map_or(lines.end, |&f| f.min(lines.end));
            for j in end - first..stop - first {
                let (at, cells) = part.line_cells(j);
                if cells.len() != n {
                    end = first + j;
                    break 'parts;
                }
                let row = cells.get(column..).unwrap_or_default();
                for (c, (w, &cell)) in widths[column..].iter_mut().zip(row).enumerate() {
                    *w = (*w).max(part.dims(at + column + c, cell).1 + padding);
                }
            }
            end = stop;
        }
        // The block ends where a line has no cell `column`; a line with
        // it but another number of cells is left to the general path.
        let ends_here = end == lines.end || self.line(end).len() <= column + 1;
        if ends_here {
            push_run(runs, lines.start..end, widths);
            #[cfg(test)]
            UNIFORM_BLOCKS.with(|n| n.set(n.get() + 1));
        }
        widths.truncate(column);
        ends_here.then_some(end)
    }

    /// The whole output: each part written by itself into its place, by two
    /// threads for a long table of two or more parts.
    fn write(&self, runs: &[Run], sizes: Option<Vec<usize>>) -> String {
        if self.len() < SPLIT_LINES || self.parts.len() < 2 {
            let capacity = sizes.map_or(0, |s| s.iter().sum());
            return self.write_serial(runs, capacity);
        }
        let sizes = sizes.unwrap_or_else(|| {
            (0..self.parts.len())
                .map(|k| self.part_size(k, runs))
                .collect()
        });
        let total = sizes.iter().sum();
        let mut buffer = vec![0u8; total];
        // The parts before `mid` go to this thread, the rest to another:
        // cut where the two shares of the output are closest (a header
        // part is one line, each half of a listing thousands).
        let (mid, front_share) = (1..self.parts.len())
            .scan(0, |front, k| {
                *front += sizes[k - 1];
                Some((k, *front))
            })
            .min_by_key(|&(_, front)| front.abs_diff(total - front))
            .unwrap_or((1, 0));
        let (front, back) = buffer.split_at_mut(front_share);
        let filled = std::thread::scope(|scope| {
            let back = crate::threads::spawn_beside(scope, || {
                self.fill(mid..self.parts.len(), runs, back)
            });
            let front = self.fill(0..mid, runs, front);
            front && back.join().unwrap_or(false)
        });
        match String::from_utf8(buffer) {
            Ok(out) if filled => out,
            // Sizes and text disagreed (not expected): written again, in
            // one thread.
            _ => self.write_serial(runs, total),
        }
    }

    /// Writes parts `parts` into `into`, exactly filling it; false if
    /// they do not fit exactly.
    fn fill(&self, parts: Range<usize>, runs: &[Run], into: &mut [u8]) -> bool {
        let mut sink = Fill {
            into,
            at: 0,
            ok: true,
        };
        for k in parts {
            self.each_piece(k, runs, |piece| sink.put(piece));
        }
        sink.ok && sink.at == sink.into.len()
    }

    /// The whole output, written by this thread alone.
    fn write_serial(&self, runs: &[Run], capacity: usize) -> String {
        let mut out = String::with_capacity(capacity);
        for k in 0..self.parts.len() {
            self.each_piece(k, runs, |piece| out.push_str(piece));
        }
        out
    }

    /// How many bytes part `k` is written as.
    fn part_size(&self, k: usize, runs: &[Run]) -> usize {
        let part = &self.parts[k];
        let mut size = 0;
        self.each_line(k, runs, |i, (at, cells), widths| {
            for (column, &c) in cells.iter().enumerate() {
                let (bytes, width) = part.dims(at + column, c);
                size += bytes + widths.get(column).map_or(0, |w| w.saturating_sub(width));
            }
            size += usize::from(i + 1 < self.len());
        });
        size
    }

    /// Each line of part `k`: its number in the whole, its cells (and the
    /// index of the first in the part's) and the widths it is written with.
    fn each_line(
        &self,
        k: usize,
        runs: &[Run],
        mut visit: impl FnMut(usize, (usize, &'p [Cell]), &[usize]),
    ) {
        let part = &self.parts[k];
        let first = self.firsts[k];
        let end = self.firsts.get(k + 1).copied().unwrap_or(self.len());
        let mut run = runs.partition_point(|r| r.lines.end <= first);
        for i in first..end {
            while runs.get(run).is_some_and(|r| r.lines.end <= i) {
                run += 1;
            }
            let widths = runs.get(run).map_or(&[][..], |r| &r.widths[..]);
            visit(i, part.line_cells(i - first), widths);
        }
    }

    /// Part `k` as it is written, piece by piece: cell texts, padding and
    /// line ends.
    fn each_piece(&self, k: usize, runs: &[Run], mut emit: impl FnMut(&str)) {
        let part = &self.parts[k];
        let text = &part.text;
        let mut pos = 0;
        self.each_line(k, runs, |i, (at, cells), widths| {
            for (column, &c) in cells.iter().enumerate() {
                let (size, width) = part.dims(at + column, c);
                emit(text.get(pos..pos + size).unwrap_or(""));
                // Past the cell's terminator.
                pos += size + 1;
                if let Some(&w) = widths.get(column) {
                    let mut pad = w.saturating_sub(width);
                    while pad > 0 {
                        let n = pad.min(SPACES.len());
                        emit(&SPACES[..n]);
                        pad -= n;
                    }
                }
            }
            if i + 1 < self.len() {
                emit("\n");
            }
        });
    }
}

fn push_run(runs: &mut Vec<Run>, lines: Range<usize>, widths: &[usize]) {
    if !lines.is_empty() {
        runs.push(Run {
            lines,
            widths: widths.to_vec(),
        });
    }
}

/// A cursor writing into a buffer sized in advance.
struct Fill<'b> {
    into: &'b mut [u8],
    at: usize,
    ok: bool,
}

impl Fill<'_> {
    fn put(&mut self, piece: &str) {
        let end = self.at + piece.len();
        match self.into.get_mut(self.at..end) {
            Some(slot) => {
                slot.copy_from_slice(piece.as_bytes());
                self.at = end;
            }
            None => self.ok = false,
        }
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
