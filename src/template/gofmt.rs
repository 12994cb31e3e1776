//! Go's `fmt` printing (`Sprint`, `Sprintln`, `Sprintf`) and `strconv` quoting
//! and float formatting, for the values a template handles.
//!
//! An argument is `Option<&Value>`: `None` is a nil interface, what fmt
//! prints as `<nil>`.

use super::value::Value;

/// Go's `%v` of a value, as `fmt.Sprint` prints one operand.
pub fn sprint_value(v: &Value) -> String {
    let mut p = Printer::default();
    p.print_arg(Some(v), 'v');
    p.buf
}

/// `%v` (`plus`: `%+v`) of a value inside a struct or container, where a nil
/// prints `<nil>`.
pub fn sprint_nested(v: &Value, plus: bool) -> String {
    let mut p = Printer::default();
    p.f.plus_v = plus;
    p.print_value(v, 'v', 1);
    p.buf
}

/// `fmt.Sprint`: spaces between operands when neither side is a string.
pub(crate) fn sprint(args: &[Option<&Value>]) -> String {
    let mut p = Printer::default();
    let mut prev_string = false;
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Some(Value::String(_)));
        if i > 0 && !is_string && !prev_string {
            p.buf.push(' ');
        }
        p.print_arg(*arg, 'v');
        prev_string = is_string;
    }
    p.buf
}

/// `fmt.Sprintln`: always spaces between operands, and a final newline.
pub(crate) fn sprintln(args: &[Option<&Value>]) -> String {
    let mut p = Printer::default();
    for (i, arg) in args.iter().enumerate() {
        if i > 0 {
            p.buf.push(' ');
        }
        p.print_arg(*arg, 'v');
    }
    p.buf.push('\n');
    p.buf
}

/// `fmt.Sprintf`, with Go's in-band error forms (`%!d(string=x)`,
/// `%!s(MISSING)`, `%!(EXTRA ...)`).
pub(crate) fn sprintf(format: &str, args: &[Option<&Value>]) -> String {
    let mut p = Printer::default();
    p.do_printf(format, args);
    p.buf
}

/// Go's name for the dynamic type of a value, as `%T` and error forms show it.
pub(crate) fn type_name(v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::Bool(_) => "bool".into(),
        Value::Int(_) => "int".into(),
        Value::Float(_) => "float64".into(),
        Value::String(_) => "string".into(),
        Value::List(_) => "[]interface {}".into(),
        Value::Map(_) => "map[string]interface {}".into(),
        // Only typed struct fields are nil slices or maps, and most of
        // docker's are of strings.
        Value::NilList => "[]string".into(),
        Value::NilMap => "map[string]string".into(),
        Value::Object(o) => o.type_name().to_string(),
    }
}

#[derive(Default, Clone, Copy)]
struct Flags {
    plus: bool,
    minus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    plus_v: bool,
    sharp_v: bool,
    wid: Option<usize>,
    prec: Option<usize>,
}

#[derive(Default)]
struct Printer {
    buf: String,
    f: Flags,
    erroring: bool,
}

/// Go refuses widths and precisions above a million (`%!(BADWIDTH)`), which
/// also keeps a hostile format from allocating without bound.
const TOO_LARGE: usize = 1_000_000;

fn parse_num(s: &[u8], start: usize, end: usize) -> (Option<usize>, usize) {
    if start >= end {
        return (None, end);
    }
    let mut num: usize = 0;
    let mut is_num = false;
    let mut i = start;
    while i < end && s[i].is_ascii_digit() {
        if num > TOO_LARGE {
            return (None, end);
        }
        num = num * 10 + usize::from(s[i] - b'0');
        is_num = true;
        i += 1;
    }
    (is_num.then_some(num), i)
}

impl Printer {
    fn do_printf(&mut self, format: &str, a: &[Option<&Value>]) {
        let s = format.as_bytes();
        let end = s.len();
        let mut arg_num = 0usize;
        let mut reordered = false;
        let mut i = 0;
        while i < end {
            let mut good_arg_num = true;
            let lasti = i;
            while i < end && s[i] != b'%' {
                i += 1;
            }
            if i > lasti {
                self.buf.push_str(&format[lasti..i]);
            }
            if i >= end {
                break;
            }
            i += 1;
            self.f = Flags::default();
            while i < end {
                match s[i] {
                    b'#' => self.f.sharp = true,
                    b'0' => self.f.zero = true,
                    b'+' => self.f.plus = true,
                    b'-' => self.f.minus = true,
                    b' ' => self.f.space = true,
                    _ => break,
                }
                i += 1;
            }
            let mut after_index;
            (arg_num, i, after_index) =
                arg_number(arg_num, s, i, a.len(), &mut good_arg_num, &mut reordered);
            if i < end && s[i] == b'*' {
                i += 1;
                let (n, ok, next) = int_from_arg(a, arg_num);
                arg_num = next;
                if !ok {
                    self.buf.push_str("%!(BADWIDTH)");
                } else if n < 0 {
                    self.f.minus = true;
                    self.f.wid = Some(n.unsigned_abs() as usize);
                } else {
                    self.f.wid = Some(n as usize);
                }
                after_index = false;
            } else {
                let (w, next) = parse_num(s, i, end);
                self.f.wid = w;
                i = next;
                if after_index && w.is_some() {
                    good_arg_num = false;
                }
            }
            if i + 1 < end && s[i] == b'.' {
                i += 1;
                if after_index {
                    good_arg_num = false;
                }
                (arg_num, i, after_index) =
                    arg_number(arg_num, s, i, a.len(), &mut good_arg_num, &mut reordered);
                if i < end && s[i] == b'*' {
                    i += 1;
                    let (n, ok, next) = int_from_arg(a, arg_num);
                    arg_num = next;
                    self.f.prec = (ok && n >= 0).then_some(n as usize);
                    if !ok {
                        self.buf.push_str("%!(BADPREC)");
                    }
                    after_index = false;
                } else {
                    let (p, next) = parse_num(s, i, end);
                    self.f.prec = Some(p.unwrap_or(0));
                    i = next;
                }
            }
            if !after_index {
                (arg_num, i, _) =
                    arg_number(arg_num, s, i, a.len(), &mut good_arg_num, &mut reordered);
            }
            if i >= end {
                self.buf.push_str("%!(NOVERB)");
                break;
            }
            let verb = format[i..].chars().next().unwrap_or('%');
            i += verb.len_utf8();
            if self.f.minus {
                self.f.zero = false;
            }
            match verb {
                '%' => self.buf.push('%'),
                _ if !good_arg_num => self.bad_arg(verb, "BADINDEX"),
                _ if arg_num >= a.len() => self.bad_arg(verb, "MISSING"),
                _ => {
                    if verb == 'v' {
                        self.f.sharp_v = self.f.sharp;
                        self.f.sharp = false;
                        self.f.plus_v = self.f.plus;
                        self.f.plus = false;
                    }
                    self.print_arg(a[arg_num], verb);
                    arg_num += 1;
                }
            }
        }
        if !reordered && arg_num < a.len() {
            self.f = Flags::default();
            self.buf.push_str("%!(EXTRA ");
            for (k, arg) in a[arg_num..].iter().enumerate() {
                if k > 0 {
                    self.buf.push_str(", ");
                }
                match arg {
                    None | Some(Value::Nil) => self.buf.push_str("<nil>"),
                    Some(v) => {
                        self.buf.push_str(&type_name(v));
                        self.buf.push('=');
                        self.print_arg(Some(v), 'v');
                    }
                }
            }
            self.buf.push(')');
        }
    }

    fn bad_arg(&mut self, verb: char, what: &str) {
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        self.buf.push_str(what);
        self.buf.push(')');
    }

    fn bad_verb(&mut self, verb: char, arg: Option<&Value>) {
        self.erroring = true;
        self.buf.push_str("%!");
        self.buf.push(verb);
        self.buf.push('(');
        match arg {
            None | Some(Value::Nil) => self.buf.push_str("<nil>"),
            Some(v) => {
                self.buf.push_str(&type_name(v));
                self.buf.push('=');
                self.print_arg(Some(v), 'v');
            }
        }
        self.buf.push(')');
        self.erroring = false;
    }

    fn print_arg(&mut self, arg: Option<&Value>, verb: char) {
        let v = match arg {
            None | Some(Value::Nil) => {
                match verb {
                    'T' | 'v' => self.pad_str("<nil>"),
                    _ => self.bad_verb(verb, None),
                }
                return;
            }
            Some(v) => v,
        };
        if verb == 'T' {
            let t = type_name(v);
            self.fmt_s(&t);
            return;
        }
        if verb == 'p' {
            self.bad_verb(verb, Some(v));
            return;
        }
        self.print_value(v, verb, 0);
    }

    fn print_value(&mut self, v: &Value, verb: char, depth: usize) {
        match v {
            Value::Nil => {
                // A nil inside a container prints plainly, whatever the verb.
                if depth == 0 {
                    self.print_arg(None, verb);
                } else {
                    self.pad_str("<nil>");
                }
            }
            Value::Bool(b) => match verb {
                't' | 'v' => self.pad_str(if *b { "true" } else { "false" }),
                _ => self.bad_verb(verb, Some(v)),
            },
            Value::Int(i) => self.fmt_int(*i, v, verb),
            Value::Float(x) => self.fmt_float_verb(*x, v, verb),
            Value::String(s) => self.fmt_string(s, v, verb),
            Value::List(items) => {
                if self.f.sharp_v {
                    self.buf.push_str(&type_name(v));
                    self.buf.push('{');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            self.buf.push_str(", ");
                        }
                        self.print_value(item, verb, depth + 1);
                    }
                    self.buf.push('}');
                    return;
                }
                self.buf.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.buf.push(' ');
                    }
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(']');
            }
            Value::Map(map) => {
                if self.f.sharp_v {
                    self.buf.push_str(&type_name(v));
                    self.buf.push('{');
                } else {
                    self.buf.push_str("map[");
                }
                for (i, (k, item)) in map.iter().enumerate() {
                    if i > 0 {
                        self.buf.push_str(if self.f.sharp_v { ", " } else { " " });
                    }
                    self.fmt_string(k, &Value::str(k.as_str()), verb);
                    self.buf.push(':');
                    self.print_value(item, verb, depth + 1);
                }
                self.buf.push(if self.f.sharp_v { '}' } else { ']' });
            }
            // fmt prints a nil slice or map like an empty one; only `%#v`
            // tells them apart.
            Value::NilList | Value::NilMap => {
                if self.f.sharp_v {
                    self.buf.push_str(&type_name(v));
                    self.buf.push_str("(nil)");
                } else if matches!(v, Value::NilList) {
                    self.buf.push_str("[]");
                } else {
                    self.buf.push_str("map[]");
                }
            }
            Value::Object(o) => {
                if !self.erroring
                    && matches!(verb, 'v' | 's' | 'x' | 'X' | 'q')
                    && let Some(s) = o.stringer()
                {
                    self.fmt_string(&s, &Value::str(s.as_str()), verb);
                    return;
                }
                if verb == 'v' {
                    let s = o.go_format(self.f.plus_v);
                    self.pad_str(&s);
                    return;
                }
                match o.basic_value() {
                    Some(b) if !matches!(b, Value::Object(_)) => self.print_value(&b, verb, depth),
                    _ => self.bad_verb(verb, Some(v)),
                }
            }
        }
    }

    // Padding.

    fn write_padding(&mut self, n: usize) {
        let pad = if self.f.zero && !self.f.minus {
            '0'
        } else {
            ' '
        };
        self.buf.extend(std::iter::repeat_n(pad, n));
    }

    fn pad_str(&mut self, s: &str) {
        let Some(wid) = self.f.wid.filter(|&w| w > 0) else {
            self.buf.push_str(s);
            return;
        };
        let width = wid.saturating_sub(s.chars().count());
        if self.f.minus {
            self.buf.push_str(s);
            self.write_padding(width);
        } else {
            self.write_padding(width);
            self.buf.push_str(s);
        }
    }

    // Strings.

    fn truncate<'s>(&self, s: &'s str) -> &'s str {
        match self.f.prec {
            Some(p) => match s.char_indices().nth(p) {
                Some((i, _)) => &s[..i],
                None => s,
            },
            None => s,
        }
    }

    fn fmt_s(&mut self, s: &str) {
        let s = self.truncate(s);
        self.pad_str(s);
    }

    fn fmt_string(&mut self, s: &str, v: &Value, verb: char) {
        match verb {
            'v' if self.f.sharp_v => self.fmt_q(s),
            'v' | 's' => self.fmt_s(s),
            'x' => self.fmt_sx(s.as_bytes(), "0123456789abcdef"),
            'X' => self.fmt_sx(s.as_bytes(), "0123456789ABCDEF"),
            'q' => self.fmt_q(s),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_q(&mut self, s: &str) {
        let s = self.truncate(s);
        if self.f.sharp && can_backquote(s) {
            let q = format!("`{s}`");
            self.pad_str(&q);
            return;
        }
        let q = if self.f.plus {
            quote_ascii(s)
        } else {
            quote(s)
        };
        self.pad_str(&q);
    }

    fn fmt_sx(&mut self, b: &[u8], digits: &str) {
        let digits = digits.as_bytes();
        let len = self.f.prec.map_or(b.len(), |p| p.min(b.len()));
        let mut out = String::new();
        for (i, byte) in b[..len].iter().enumerate() {
            if self.f.space && i > 0 {
                out.push(' ');
            }
            if self.f.sharp && (self.f.space || i == 0) {
                out.push('0');
                out.push(if digits[10] == b'a' { 'x' } else { 'X' });
            }
            out.push(char::from(digits[usize::from(byte >> 4)]));
            out.push(char::from(digits[usize::from(byte & 0xf)]));
        }
        self.pad_str(&out);
    }

    // Integers.

    fn fmt_int(&mut self, i: i64, v: &Value, verb: char) {
        match verb {
            'v' | 'd' => self.fmt_integer(i, 10, verb, "0123456789abcdef"),
            'b' => self.fmt_integer(i, 2, verb, "0123456789abcdef"),
            'o' | 'O' => self.fmt_integer(i, 8, verb, "0123456789abcdef"),
            'x' => self.fmt_integer(i, 16, verb, "0123456789abcdef"),
            'X' => self.fmt_integer(i, 16, verb, "0123456789ABCDEF"),
            'c' => {
                let c = u32::try_from(i)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                self.pad_str(&c.to_string());
            }
            'q' => {
                let c = u32::try_from(i)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{FFFD}');
                let q = quote_rune(c);
                self.pad_str(&q);
            }
            'U' => {
                let u = if i < 0 {
                    format!("U+{:X}", i as u64)
                } else {
                    format!("U+{i:04X}")
                };
                let u = match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(c) if self.f.sharp && is_print(c) => format!("{u} '{c}'"),
                    _ => u,
                };
                self.pad_str(&u);
            }
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_integer(&mut self, i: i64, base: u64, verb: char, digits: &str) {
        let negative = i < 0;
        let mut u = i.unsigned_abs();
        let digits = digits.as_bytes();
        let mut prec = 0usize;
        if let Some(p) = self.f.prec {
            prec = p;
            if p == 0 && u == 0 {
                let old = self.f.zero;
                self.f.zero = false;
                let w = self.f.wid.unwrap_or(0);
                self.write_padding(w);
                self.f.zero = old;
                return;
            }
        } else if self.f.zero
            && !self.f.minus
            && let Some(w) = self.f.wid
        {
            prec = w;
            if negative || self.f.plus || self.f.space {
                prec = prec.saturating_sub(1);
            }
        }
        let mut out: Vec<u8> = Vec::new();
        loop {
            out.push(digits[(u % base) as usize]);
            u /= base;
            if u == 0 {
                break;
            }
        }
        while out.len() < prec {
            out.push(b'0');
        }
        if self.f.sharp {
            match base {
                2 => out.extend_from_slice(b"b0"),
                8 if out.last() != Some(&b'0') => out.push(b'0'),
                16 => {
                    out.push(if digits[10] == b'a' { b'x' } else { b'X' });
                    out.push(b'0');
                }
                _ => {}
            }
        }
        if verb == 'O' {
            out.extend_from_slice(b"o0");
        }
        if negative {
            out.push(b'-');
        } else if self.f.plus {
            out.push(b'+');
        } else if self.f.space {
            out.push(b' ');
        }
        out.reverse();
        let s = String::from_utf8_lossy(&out).into_owned();
        let old = self.f.zero;
        self.f.zero = false;
        self.pad_str(&s);
        self.f.zero = old;
    }

    // Floats.

    fn fmt_float_verb(&mut self, x: f64, v: &Value, verb: char) {
        match verb {
            'v' => self.fmt_float(x, 'g', None),
            'g' | 'G' | 'b' | 'x' | 'X' => self.fmt_float(x, verb, None),
            'f' | 'F' | 'e' | 'E' => self.fmt_float(x, verb, Some(6)),
            _ => self.bad_verb(verb, Some(v)),
        }
    }

    fn fmt_float(&mut self, x: f64, verb: char, default_prec: Option<usize>) {
        let prec = self.f.prec.or(default_prec);
        let mut num = format_float(x, verb, prec);
        if !num.starts_with(['-', '+']) {
            num.insert(0, '+');
        }
        if self.f.space && num.starts_with('+') && !self.f.plus {
            num.replace_range(0..1, " ");
        }
        if num[1..].starts_with(['I', 'N']) {
            let old = self.f.zero;
            self.f.zero = false;
            if num[1..].starts_with('N') && !self.f.space && !self.f.plus {
                num.remove(0);
            }
            self.pad_str(&num);
            self.f.zero = old;
            return;
        }
        if self.f.sharp && verb != 'b' {
            num = sharp_float(&num, verb, prec);
        }
        if self.f.plus || !num.starts_with('+') {
            if let Some(w) = self
                .f
                .wid
                .filter(|&w| self.f.zero && !self.f.minus && w > num.len())
            {
                let (sign, rest) = num.split_at(1);
                self.buf.push_str(sign);
                self.write_padding(w - num.len());
                self.buf.push_str(rest);
                return;
            }
            self.pad_str(&num);
            return;
        }
        let unsigned = num[1..].to_string();
        self.pad_str(&unsigned);
    }
}

/// `%#g`-style: keep a decimal point, and for %g/%v pad to the precision.
fn sharp_float(num: &str, verb: char, prec: Option<usize>) -> String {
    let (mantissa, exp) = match num.find(['e', 'E']) {
        Some(i) => (&num[..i], &num[i..]),
        None => (num, ""),
    };
    let mut m = mantissa.to_string();
    if !m.contains('.') {
        m.push('.');
    }
    if matches!(verb, 'v' | 'g' | 'G') {
        let want = prec.unwrap_or(6).max(1);
        let digits = m.chars().filter(|c| c.is_ascii_digit()).count();
        let leading_zeros = m[1..]
            .chars()
            .take_while(|&c| c == '0' || c == '.')
            .filter(|&c| c == '0')
            .count();
        let significant = if m[1..].starts_with('0') {
            digits - leading_zeros
        } else {
            digits
        };
        for _ in significant..want {
            m.push('0');
        }
    }
    m + exp
}

fn arg_number(
    arg_num: usize,
    s: &[u8],
    i: usize,
    num_args: usize,
    good: &mut bool,
    reordered: &mut bool,
) -> (usize, usize, bool) {
    if s.len() <= i || s[i] != b'[' {
        return (arg_num, i, false);
    }
    *reordered = true;
    let rest = &s[i..];
    let (index, wid, ok) = parse_arg_number(rest);
    if ok && index < num_args {
        return (index, i + wid, true);
    }
    *good = false;
    (arg_num, i + wid, ok)
}

fn parse_arg_number(s: &[u8]) -> (usize, usize, bool) {
    if s.len() < 3 {
        return (0, 1, false);
    }
    for i in 1..s.len() {
        if s[i] == b']' {
            let (w, newi) = parse_num(s, 1, i);
            return match w {
                Some(w) if newi == i && w >= 1 => (w - 1, i + 1, true),
                _ => (0, i + 1, false),
            };
        }
    }
    (0, 1, false)
}

fn int_from_arg(a: &[Option<&Value>], arg_num: usize) -> (i64, bool, usize) {
    if arg_num >= a.len() {
        return (0, false, arg_num);
    }
    match a[arg_num] {
        Some(Value::Int(n)) if n.unsigned_abs() <= TOO_LARGE as u64 => (*n, true, arg_num + 1),
        _ => (0, false, arg_num + 1),
    }
}

// strconv.

/// A float as decimal digits and the position of the decimal point, the
/// representation Go's `strconv` formats from.
struct Decimal {
    neg: bool,
    digits: Vec<u8>,
    dp: i32,
}

/// Rust's `{:e}` forms give correctly rounded digits (shortest, or to a
/// given count), exactly what Go's `strconv` computes.
fn decimal(x: f64, sig_digits: Option<usize>) -> Decimal {
    let neg = x.is_sign_negative();
    let a = x.abs();
    if a == 0.0 {
        return Decimal {
            neg,
            digits: Vec::new(),
            dp: 0,
        };
    }
    let s = match sig_digits {
        None => format!("{a:e}"),
        Some(n) => format!("{:.*e}", n.saturating_sub(1), a),
    };
    let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let mut digits: Vec<u8> = mant.bytes().filter(u8::is_ascii_digit).collect();
    while digits.len() > 1 && digits.last() == Some(&b'0') {
        digits.pop();
    }
    Decimal {
        neg,
        digits,
        dp: exp + 1,
    }
}

fn fmt_e(d: &Decimal, prec: usize, e: char) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    out.push(char::from(*d.digits.first().unwrap_or(&b'0')));
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            out.push(char::from(*d.digits.get(i).unwrap_or(&b'0')));
        }
    }
    out.push(e);
    let exp = if d.digits.is_empty() { 0 } else { d.dp - 1 };
    out.push(if exp < 0 { '-' } else { '+' });
    let exp = exp.unsigned_abs();
    if exp < 10 {
        out.push('0');
    }
    out.push_str(&exp.to_string());
    out
}

fn fmt_f(d: &Decimal, prec: usize) -> String {
    let mut out = String::new();
    if d.neg {
        out.push('-');
    }
    if d.dp > 0 {
        let dp = d.dp as usize;
        for i in 0..dp {
            out.push(char::from(*d.digits.get(i).unwrap_or(&b'0')));
        }
    } else {
        out.push('0');
    }
    if prec > 0 {
        out.push('.');
        for i in 1..=prec {
            let j = i64::from(d.dp) + i as i64 - 1;
            let c = usize::try_from(j)
                .ok()
                .and_then(|j| d.digits.get(j))
                .unwrap_or(&b'0');
            out.push(char::from(*c));
        }
    }
    out
}

/// Go's `strconv.FormatFloat(x, verb, prec, 64)`; `None` is precision -1
/// (shortest).
pub(crate) fn format_float(x: f64, verb: char, prec: Option<usize>) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    match verb {
        'e' | 'E' => {
            let d = decimal(x, prec.map(|p| p + 1));
            let p = prec.unwrap_or(d.digits.len().saturating_sub(1));
            fmt_e(&d, p, verb)
        }
        'f' | 'F' => match prec {
            Some(p) => {
                let s = format!("{:.*}", p, x.abs());
                if x.is_sign_negative() {
                    format!("-{s}")
                } else {
                    s
                }
            }
            None => {
                let d = decimal(x, None);
                let p = (d.digits.len() as i32 - d.dp).max(0) as usize;
                fmt_f(&d, p)
            }
        },
        'g' | 'G' => {
            let e = if verb == 'g' { 'e' } else { 'E' };
            let shortest = prec.is_none();
            let d = decimal(x, prec.map(|p| p.max(1)));
            let nd = d.digits.len() as i32;
            let mut p = match prec {
                None => nd,
                Some(p) => p.max(1) as i32,
            };
            let mut eprec = p;
            if eprec > nd && nd >= d.dp {
                eprec = nd;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.dp - 1;
            if d.digits.is_empty() {
                return fmt_f(&d, 0);
            }
            if exp < -4 || exp >= eprec {
                if p > nd {
                    p = nd;
                }
                return fmt_e(&d, (p - 1).max(0) as usize, e);
            }
            if p > d.dp {
                p = nd;
            }
            fmt_f(&d, (p - d.dp).max(0) as usize)
        }
        _ => {
            // %b and %x of floats: never seen in docker templates.
            format_float(x, 'g', prec)
        }
    }
}

/// `strconv.Quote`.
pub fn quote(s: &str) -> String {
    quote_with(s, '"', false)
}

fn quote_ascii(s: &str) -> String {
    quote_with(s, '"', true)
}

fn quote_rune(c: char) -> String {
    let mut b = [0u8; 4];
    quote_with(c.encode_utf8(&mut b), '\'', false)
}

fn quote_with(s: &str, q: char, ascii_only: bool) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push(q);
    for c in s.chars() {
        if c == q || c == '\\' {
            out.push('\\');
            out.push(c);
            continue;
        }
        if ascii_only {
            if c.is_ascii() && is_print(c) {
                out.push(c);
                continue;
            }
        } else if is_print(c) {
            out.push(c);
            continue;
        }
        match c {
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(q);
    out
}

/// `strconv.CanBackquote`.
fn can_backquote(s: &str) -> bool {
    s.chars()
        .all(|c| c != '`' && c != '\u{FEFF}' && (c == '\t' || !(c.is_control())))
}

/// Go's `unicode.IsPrint`: graphic characters and the ASCII space.
pub(crate) fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    !(c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}'
            | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}'
            | '\u{FFFE}' | '\u{FFFF}'))
}

/// `%#U` of a rune: `U+007D '}'`.
pub(crate) fn unicode_sharp(c: char) -> String {
    if is_print(c) {
        format!("U+{:04X} '{c}'", c as u32)
    } else {
        format!("U+{:04X}", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(fmt: &str, args: &[Value]) -> String {
        let refs: Vec<Option<&Value>> = args.iter().map(Some).collect();
        sprintf(fmt, &refs)
    }

    #[test]
    fn floats_print_like_go() {
        for (x, want) in [
            (187_480_057.0, "1.87480057e+08"),
            (100_000.0, "100000"),
            (1_000_000.0, "1e+06"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5, "1.5"),
            (0.0, "0"),
            (-0.0, "-0"),
            (137.0, "137"),
        ] {
            assert_eq!(sprint_value(&Value::Float(x)), want, "{x}");
        }
    }

    #[test]
    fn printf_verbs() {
        assert_eq!(
            f(
                "%5.2f|%-6s|%05d",
                &[Value::Float(2.71928), Value::str("ab"), Value::Int(-42)]
            ),
            " 2.72|ab    |-0042"
        );
        assert_eq!(
            f("%.12s", &[Value::str("53c4d3136c2d8a8f")]),
            "53c4d3136c2d"
        );
        assert_eq!(f("%d", &[Value::Float(0.0)]), "%!d(float64=0)");
        assert_eq!(f("%s %s", &[Value::str("a")]), "a %!s(MISSING)");
        assert_eq!(
            f("%s", &[Value::str("a"), Value::Int(1)]),
            "a%!(EXTRA int=1)"
        );
        assert_eq!(
            f(
                "%q %x %X %o %b %c %U",
                &[
                    Value::str("hi\n"),
                    Value::Int(255),
                    Value::str("hi"),
                    Value::Int(8),
                    Value::Int(5),
                    Value::Int(65),
                    Value::Int(0x1F600)
                ]
            ),
            "\"hi\\n\" ff 6869 10 101 A U+1F600"
        );
        assert_eq!(
            f(
                "%e %g %.3g %v",
                &[
                    Value::Float(1234.5678),
                    Value::Float(1e21),
                    Value::Float(1234.5678),
                    Value::Bool(true)
                ]
            ),
            "1.234568e+03 1e+21 1.23e+03 true"
        );
        assert_eq!(
            f(
                "%t %v %d%%",
                &[
                    Value::Bool(false),
                    Value::list(vec![Value::Int(1), Value::str("a")]),
                    Value::Int(3)
                ]
            ),
            "false [1 a] 3%"
        );
        assert_eq!(
            f(
                "%#x %+d %x",
                &[Value::Int(255), Value::Int(5), Value::Int(-255)]
            ),
            "0xff +5 -ff"
        );
        assert_eq!(f("%!", &[]), "%!!(MISSING)");
        assert_eq!(f("%", &[]), "%!(NOVERB)");
        assert_eq!(f("%[2]s %[1]s", &[Value::str("a"), Value::str("b")]), "b a");
        assert_eq!(f("%*d", &[Value::Int(4), Value::Int(7)]), "   7");
        assert_eq!(f("%z", &[Value::Int(1)]), "%!z(int=1)");
        assert_eq!(f("%d", &[Value::Nil]), "%!d(<nil>)");
        assert_eq!(
            f("%v %s", &[Value::Nil, Value::list(vec![Value::Nil])]),
            "<nil> [<nil>]"
        );
    }

    #[test]
    fn sprint_spacing() {
        let a = Value::Int(1);
        let b = Value::str("x");
        assert_eq!(sprint(&[Some(&a), Some(&a), Some(&b), Some(&a)]), "1 1x1");
        assert_eq!(sprintln(&[Some(&a), Some(&b)]), "1 x\n");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\\u{7}\u{2028}é"), "\"a\\\"b\\\\\\a\\u2028é\"");
    }
}
