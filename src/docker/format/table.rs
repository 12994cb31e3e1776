//! `formatter.Context.Write`: runs a `--format` template over each row and,
//! for `table` formats, renders the header and aligns columns.

use super::tabwriter::{Lines, TabWriter};
use crate::template::{self, ExecOptions, Template, Value};

/// A format as the CLI resolved it (`formatter.Format`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Format(pub String);

impl Format {
    pub fn is_table(&self) -> bool {
        self.0.starts_with("table")
    }

    pub fn is_json(&self) -> bool {
        self.0 == "json"
    }

    pub fn contains(&self, sub: &str) -> bool {
        self.0.contains(sub)
    }

    /// `preFormat`: drops the `table` directive, maps `json` to `{{json .}}`,
    /// trims spaces and turns literal `\t`/`\n` into tabs and newlines.
    fn final_format(&self) -> String {
        let f = if self.is_table() {
            &self.0["table".len()..]
        } else if self.is_json() {
            "{{json .}}"
        } else {
            &self.0
        };
        f.trim_matches(' ')
            .replace("\\t", "\t")
            .replace("\\n", "\n")
    }
}

/// Renders `rows` with `format`. The error is the text the CLI prints
/// (`template parsing error: ...`); nothing is printed when it fails.
pub fn write_table(format: &Format, header: &Value, rows: &[Value]) -> Result<String, String> {
    let tmpl = parse_format(format)?;
    let body = render_rows(&tmpl, rows.iter())?;
    Ok(finish_table(format, &tmpl, header, body))
}

/// The template a format's rows are rendered with (parsed once per listing).
pub fn parse_format(format: &Format) -> Result<Template, String> {
    template::parse(&format.final_format()).map_err(|e| format!("template parsing error: {e}"))
}

/// Each row through the template, each followed by a newline.
pub fn render_rows<'v>(
    tmpl: &Template,
    rows: impl Iterator<Item = &'v Value>,
) -> Result<String, String> {
    let mut body = String::new();
    for row in rows {
        tmpl.execute_into(row, ExecOptions::default(), &mut body)
            .map_err(|e| format!("template parsing error: {e}"))?;
        body.push('\n');
    }
    Ok(body)
}

/// The output for rows already rendered into `body`: for `table` formats,
/// the header row and the aligned columns; otherwise `body` itself.
pub fn finish_table(format: &Format, tmpl: &Template, header: &Value, body: String) -> String {
    if !format.is_table() {
        return body;
    }
    finish_table_parts(tmpl, header, vec![Lines::scan(body)])
}

/// A `table` format's output for a body rendered in parts, one after the
/// other (two threads render a long listing), each already cut into cells
/// by the thread that rendered it.
pub fn finish_table_parts(tmpl: &Template, header: &Value, parts: Vec<Lines>) -> String {
    // The header render's error is ignored by docker; whatever it wrote
    // before failing is kept.
    let mut head = String::new();
    let _ = tmpl.execute_into(header, header_options(), &mut head);
    let mut w = TabWriter::docker();
    w.write(&head);
    w.write("\n");
    w.finish_with(parts)
}

/// Options for the header row, which docker renders with
/// `templates.HeaderFunctions` (string functions that return their input).
fn header_options() -> ExecOptions {
    ExecOptions {
        header_funcs: true,
        ..ExecOptions::default()
    }
}
