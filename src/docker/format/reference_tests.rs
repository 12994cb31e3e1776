//! The formatting helpers `ps` renders rows with were rewritten to append
//! to one buffer without allocating; these tests hold each to the
//! implementation it replaced (kept here verbatim as the reference) over
//! generated inputs.

use super::char_width;
use super::is_go_printable;
use super::ports::{Port, displayable_ports};
use super::tabwriter::TabWriter;
use super::units::human_duration;
use super::{ellipsis, go_quote, truncate_id};

/// splitmix64: a fixed sequence of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PIECES: &[&str] = &[
    "a",
    "bb",
    "ccc ",
    " ",
    "'",
    "\"",
    "\\",
    "日本",
    "語",
    "é",
    "e\u{301}",
    "😀",
    "1\u{fe0f}\u{20e3}",
    "\u{200b}",
    "\u{feff}",
    "\u{7f}",
    "\u{7}",
    "\r",
    "\u{3000}",
    "\u{a0}",
    "\u{10ffff}",
    "…",
    "\u{2028}",
    "\u{ad}",
    "abcdefghij",
    "-",
];

fn text(rng: &mut Rng, pieces: &[&str], max: usize) -> String {
    let n = rng.below(max);
    (0..n).map(|_| *rng.pick(pieces)).collect()
}

mod reference {
    use super::{Port, char_width, is_go_printable};
    pub fn truncate_id(id: &str) -> &str {
        let id = match id.find(':') {
            Some(i) => &id[i + 1..],
            None => id,
        };
        match id.char_indices().nth(12) {
            Some((i, _)) => &id[..i],
            None => id,
        }
    }
    pub fn ellipsis(s: &str, max: usize) -> String {
        if max == 0 {
            return String::new();
        }
        let runes: Vec<char> = s.chars().collect();
        if max == 1 {
            return runes.first().map(|c| c.to_string()).unwrap_or_default();
        }
        if s.len() == runes.len() {
            if s.len() <= max {
                return s.to_owned();
            }
            return runes[..max - 1].iter().collect::<String>() + "…";
        }
        let mut display = Vec::with_capacity(runes.len());
        let mut total = 0;
        for &r in &runes {
            total += char_width(r);
            display.push(total);
        }
        if total <= max {
            return s.to_owned();
        }
        for i in 0..display.len().saturating_sub(1) {
            if display[i] < max && display[i + 1] >= max {
                return runes[..=i].iter().collect::<String>() + "…";
            }
        }
        s.to_owned()
    }
    pub fn go_quote(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\u{7}' => out.push_str("\\a"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{b}' => out.push_str("\\v"),
                c if (c as u32) < 0x20 || c == '\u{7f}' => {
                    out.push_str(&format!("\\x{:02x}", c as u32));
                }
                c if !is_go_printable(c) => {
                    if (c as u32) < 0x10000 {
                        out.push_str(&format!("\\u{:04x}", c as u32));
                    } else {
                        out.push_str(&format!("\\U{:08x}", c as u32));
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }
    pub fn join_host_port(host: &str, port: &str) -> String {
        if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        }
    }
    pub fn displayable_ports(ports: &[Port]) -> String {
        let mut ports = ports.to_vec();
        ports.sort_by(|a, b| {
            a.private_port
                .cmp(&b.private_port)
                .then_with(|| a.ip.cmp(&b.ip))
                .then_with(|| a.public_port.cmp(&b.public_port))
                .then_with(|| a.kind.cmp(&b.kind))
        });
        // Open groups by key, in the order the keys first appeared.
        let mut groups: Vec<(String, u16, u16)> = Vec::new();
        let mut result = Vec::new();
        let mut host_mappings = Vec::new();
        for port in &ports {
            let current = port.private_port;
            let mut key = port.kind.clone();
            if !port.ip.is_empty() {
                if port.public_port != current {
                    let host = join_host_port(&port.ip, &port.public_port.to_string());
                    host_mappings.push(format!("{host}->{}/{}", port.private_port, port.kind));
                    continue;
                }
                key = format!("{}/{}", port.ip, port.kind);
            }
            match groups.iter_mut().find(|(k, _, _)| *k == key) {
                None => groups.push((key, current, current)),
                Some(group) => {
                    // Go compares in uint16, so 65535 + 1 wraps to 0.
                    if current == group.2.wrapping_add(1) {
                        group.2 = current;
                    } else {
                        result.push(form_group(&group.0, group.1, group.2));
                        group.1 = current;
                        group.2 = current;
                    }
                }
            }
        }
        for (key, first, last) in &groups {
            result.push(form_group(key, *first, *last));
        }
        result.extend(host_mappings);
        result.join(", ")
    }
    fn form_group(key: &str, start: u16, last: u16) -> String {
        let parts: Vec<&str> = key.split('/').collect();
        let (ip, kind) = if parts.len() > 1 {
            (parts[0], parts[1])
        } else {
            ("", parts[0])
        };
        let mut group = start.to_string();
        if start != last {
            group = format!("{group}-{last}");
        }
        if !ip.is_empty() {
            group = format!("{}->{group}", join_host_port(ip, &group));
        }
        format!("{group}/{kind}")
    }
    pub fn human_duration(nanos: i64) -> String {
        // Go computes each unit as whole part + fraction in float64, then
        // truncates with int(); reproduce that arithmetic exactly.
        let split = |unit: i64| (nanos / unit) as f64 + (nanos % unit) as f64 / unit as f64;
        let seconds = split(1_000_000_000) as i64;
        if seconds < 1 {
            return "Less than a second".to_owned();
        }
        if seconds == 1 {
            return "1 second".to_owned();
        }
        if seconds < 60 {
            return format!("{seconds} seconds");
        }
        let minutes = split(60_000_000_000) as i64;
        if minutes == 1 {
            return "About a minute".to_owned();
        }
        if minutes < 60 {
            return format!("{minutes} minutes");
        }
        let hours_f = split(3_600_000_000_000);
        let hours = (hours_f + 0.5) as i64;
        if hours == 1 {
            "About an hour".to_owned()
        } else if hours < 48 {
            format!("{hours} hours")
        } else if hours < 24 * 7 * 2 {
            format!("{} days", hours / 24)
        } else if hours < 24 * 30 * 2 {
            format!("{} weeks", hours / 24 / 7)
        } else if hours < 24 * 365 * 2 {
            format!("{} months", hours / 24 / 30)
        } else {
            format!("{} years", hours_f as i64 / 24 / 365)
        }
    }
}

mod reference_tabwriter {
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
}

#[test]
fn truncate_id_ellipsis_and_quote_equal_the_reference() {
    let mut rng = Rng(1);
    let with_ascii: Vec<&str> = PIECES
        .iter()
        .copied()
        .chain(["x", "y", "z", "sha256:", ":", "0123456789"])
        .collect();
    for _ in 0..20_000 {
        let s = text(&mut rng, &with_ascii, 12);
        assert_eq!(truncate_id(&s), reference::truncate_id(&s), "{s:?}");
        let max = rng.below(26);
        assert_eq!(
            ellipsis(&s, max),
            reference::ellipsis(&s, max),
            "{s:?} {max}"
        );
        assert_eq!(go_quote(&s), reference::go_quote(&s), "{s:?}");
    }
    // Every code point below 0x3100 and a sample above, alone and in text.
    for u in (0..0x3100).chain((0x3100..0x11_0000).step_by(97)) {
        if let Some(c) = char::from_u32(u) {
            let s = format!("a{c}b");
            assert_eq!(go_quote(&s), reference::go_quote(&s), "{u:x}");
            assert_eq!(ellipsis(&s, 2), reference::ellipsis(&s, 2), "{u:x}");
        }
    }
}

#[test]
fn displayable_ports_equal_the_reference() {
    let mut rng = Rng(2);
    let ips = ["", "", "0.0.0.0", "::", "127.0.0.1", "fe80::1", "a/b", "a"];
    let kinds = ["tcp", "tcp", "udp", "sctp", "a/b", "b", ""];
    let numbers = [0u16, 1, 2, 80, 81, 82, 83, 443, 8080, 65534, 65535];
    for _ in 0..30_000 {
        let n = rng.below(7);
        let ports: Vec<Port> = (0..n)
            .map(|_| {
                let private = *rng.pick(&numbers);
                let public = if rng.below(2) == 0 {
                    private
                } else {
                    *rng.pick(&numbers)
                };
                Port {
                    ip: (*rng.pick(&ips)).to_owned(),
                    private_port: private,
                    public_port: public,
                    kind: (*rng.pick(&kinds)).to_owned(),
                }
            })
            .collect();
        assert_eq!(
            displayable_ports(&ports),
            reference::displayable_ports(&ports),
            "{ports:?}"
        );
    }
}

#[test]
fn human_durations_equal_the_reference() {
    let mut rng = Rng(3);
    let units = [1, 1_000_000_000, 60_000_000_000, 3_600_000_000_000];
    for _ in 0..50_000 {
        let nanos = (rng.next() >> rng.below(64)) as i64 * if rng.below(4) == 0 { -1 } else { 1 };
        assert_eq!(
            human_duration(nanos),
            reference::human_duration(nanos),
            "{nanos}"
        );
        let near = *rng.pick(&units) * rng.below(24 * 800) as i64 + rng.below(3) as i64 - 1;
        assert_eq!(
            human_duration(near),
            reference::human_duration(near),
            "{near}"
        );
    }
    for n in [i64::MIN, i64::MAX, 0, -1] {
        assert_eq!(human_duration(n), reference::human_duration(n), "{n}");
    }
}

/// Cells measured as a whole equal the reference's per-write sums when no
/// cell spans two writes, which is how every caller writes: whole lines.
/// Cell text, with the terminators a tab writer reads.
fn table_pieces() -> Vec<&'static str> {
    PIECES
        .iter()
        .copied()
        .chain([
            "\t",
            "\t",
            "\t",
            "\n",
            "\n",
            "\u{b}",
            "\u{c}",
            "abcdefghijklmnop",
            "12",
        ])
        .collect()
}

#[test]
fn tabwriter_equals_the_reference() {
    let mut rng = Rng(4);
    let pieces = table_pieces();
    for _ in 0..5_000 {
        let lines: Vec<String> = (0..rng.below(12))
            .map(|_| {
                let mut line = text(&mut rng, &pieces, 14);
                line.push('\n');
                line
            })
            .collect();
        let tail = if rng.below(3) == 0 {
            text(&mut rng, &pieces, 6)
        } else {
            String::new()
        };
        let mut w = TabWriter::docker();
        let mut r = reference_tabwriter::TabWriter::docker();
        let mut at = 0;
        while at < lines.len() {
            let take = 1 + rng.below(4);
            let chunk: String = lines[at..(at + take).min(lines.len())].concat();
            w.write(&chunk);
            r.write(&chunk);
            at += take;
        }
        w.write(&tail);
        r.write(&tail);
        let input = format!("{}{tail}", lines.concat());
        assert_eq!(w.finish(), r.finish(), "{input:?}");
    }
}

/// A table written in parts (each cut into cells by itself, as the threads
/// of a long listing do) equals the reference writing the whole text, for
/// short tables and for ones long enough to be written out by two threads;
/// parts that end inside a line are joined to the next.
#[test]
fn tabwriter_in_parts_equals_the_reference() {
    let mut rng = Rng(5);
    let pieces = table_pieces();
    for round in 0..600 {
        let long = round % 50 == 0;
        // Some long tables are wholly uniform (one column block each, the
        // writer's one-pass path), with some wide cells.
        let uniform = long && round % 100 == 0;
        let count = if long {
            1000 + rng.below(1500)
        } else {
            rng.below(14)
        };
        let mut lines: Vec<String> = Vec::with_capacity(count);
        for _ in 0..count {
            // Most long tables are uniform rows, as listings are.
            let mut line = if long && (uniform || rng.below(20) != 0) {
                let pieces = if uniform { PIECES } else { &PIECES[..3] };
                format!("{}\t{}\t{}", text(&mut rng, pieces, 6), rng.below(999), "x")
            } else {
                text(&mut rng, &pieces, 14)
            };
            line.push('\n');
            lines.push(line);
        }
        let tail = if rng.below(3) == 0 {
            text(&mut rng, &pieces, 6)
        } else {
            String::new()
        };
        let head = text(&mut rng, &pieces, 8);
        // Now and then cut inside a line too.
        assert_written_in_parts_as_the_reference(&mut rng, round, &head, &lines, tail, true);
    }
    // The one-pass path for uniform blocks was taken, and often, and so
    // was the layout from the parts' shapes.
    assert!(super::tabwriter::UNIFORM_BLOCKS.with(std::cell::Cell::get) > 1000);
    assert!(super::tabwriter::UNIFORM_LAYOUTS.with(std::cell::Cell::get) > 20);
}

/// Writes `head`, then `lines` cut anywhere between lines into parts of
/// up to half of them (and, with `cut_inside_lines`, now and then inside a
/// line), then `tail` as a last part, and checks the result is what the
/// Go port writes for the whole text.
fn assert_written_in_parts_as_the_reference(
    rng: &mut Rng,
    round: usize,
    head: &str,
    lines: &[String],
    tail: String,
    cut_inside_lines: bool,
) {
    use super::tabwriter::Lines;
    let whole = format!("{head}{}{tail}", lines.concat());
    let mut r = reference_tabwriter::TabWriter::docker();
    r.write(&whole);
    let expected = r.finish();
    let mut parts = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        let take = 1 + rng.below(lines.len() / 2 + 1);
        let mut part: String = lines[at..(at + take).min(lines.len())].concat();
        if cut_inside_lines && rng.below(8) == 0 {
            let cut = part
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(4))
                .unwrap_or(0);
            let rest = part.split_off(cut);
            parts.push(Lines::scan(part));
            part = rest;
        }
        parts.push(Lines::scan(part));
        at += take;
    }
    parts.push(Lines::scan(tail));
    let mut w = TabWriter::docker();
    w.write(head);
    let got = w.finish_with(parts);
    assert!(
        got == expected,
        "round {round}: {whole:?}\n{got:?}\n{expected:?}"
    );
}

/// Tables whose lines all have as many cells (as listings do), written in
/// parts, with a last line of no cell, one, or several: laid out from the
/// parts' shapes where that applies, and equal to the reference always.
#[test]
fn uniform_tables_in_parts_equal_the_reference() {
    use super::tabwriter::UNIFORM_LAYOUTS;
    let mut rng = Rng(6);
    let before = UNIFORM_LAYOUTS.with(std::cell::Cell::get);
    for round in 0..400 {
        let cells = 1 + rng.below(5);
        let count = if round % 40 == 0 {
            1000 + rng.below(600)
        } else {
            rng.below(30)
        };
        let row = |rng: &mut Rng| {
            let mut line: Vec<String> = (0..cells).map(|_| text(rng, PIECES, 5)).collect();
            for cell in &mut line {
                cell.retain(|ch| !"\t\n\u{b}\u{c}".contains(ch));
            }
            line.join("\t")
        };
        let head = format!("{}\n", row(&mut rng));
        let lines: Vec<String> = (0..count).map(|_| format!("{}\n", row(&mut rng))).collect();
        let tail = match rng.below(4) {
            0 => text(&mut rng, PIECES, 4),
            1 => format!(
                "{}\t{}",
                text(&mut rng, PIECES, 3),
                text(&mut rng, PIECES, 3)
            ),
            _ => String::new(),
        };
        assert_written_in_parts_as_the_reference(&mut rng, round, &head, &lines, tail, false);
    }
    let laid_out = UNIFORM_LAYOUTS.with(std::cell::Cell::get) - before;
    assert!(laid_out > 200, "{laid_out}");
}
