//! The words `dockdrill play` answers itself instead of running them in the
//! simulated host.

use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meta {
    Hint,
    Check,
    Submit,
    /// `save FILE`; `None` when the file name is missing.
    Save(Option<PathBuf>),
    Help,
    Exit,
}

impl Meta {
    /// The meta-command a typed line is, if it is one. Only the first word
    /// decides; `save` takes the rest of the line as the file name.
    pub fn parse(line: &str) -> Option<Meta> {
        let line = line.trim();
        let (word, rest) = match line.split_once(char::is_whitespace) {
            Some((word, rest)) => (word, rest.trim()),
            None => (line, ""),
        };
        Some(match word {
            "hint" if rest.is_empty() => Meta::Hint,
            "check" if rest.is_empty() => Meta::Check,
            "submit" if rest.is_empty() => Meta::Submit,
            "help" if rest.is_empty() => Meta::Help,
            "exit" | "quit" | "logout" => Meta::Exit,
            "save" => Meta::Save((!rest.is_empty()).then(|| PathBuf::from(unquote(rest)))),
            _ => return None,
        })
    }
}

/// `save 'my run.transcript'` names `my run.transcript`.
fn unquote(text: &str) -> &str {
    for quote in ['\'', '"'] {
        if let Some(inner) = text.strip_prefix(quote).and_then(|t| t.strip_suffix(quote)) {
            return inner;
        }
    }
    text
}

pub const HELP: &str = "\
Type shell commands as you would on the Docker host (docker, curl, sleep, and
shell basics like echo, grep, head); they run in the simulated host, never on
your machine. Up/down arrows recall earlier lines.

  hint         the next hint for what you have done so far
  check        which checks pass right now
  submit       the final verdict; on a pass, the follow-up questions and debrief
  save FILE    write what you typed and saw as a transcript (dockdrill grade
               SCENARIO FILE grades it)
  help         this text
  exit         leave (Ctrl-D too)
";

#[cfg(test)]
mod tests {
    use super::Meta;
    use std::path::PathBuf;

    #[test]
    fn meta_commands_are_recognised_by_their_first_word() {
        assert_eq!(Meta::parse("  hint "), Some(Meta::Hint));
        assert_eq!(Meta::parse("exit 0"), Some(Meta::Exit));
        assert_eq!(
            Meta::parse("save 'my run.transcript'"),
            Some(Meta::Save(Some(PathBuf::from("my run.transcript"))))
        );
        assert_eq!(Meta::parse("save"), Some(Meta::Save(None)));
    }

    #[test]
    fn shell_lines_are_not_meta_commands() {
        assert_eq!(Meta::parse("docker ps"), None);
        assert_eq!(Meta::parse("check web"), None);
        assert_eq!(Meta::parse("hintful"), None);
    }
}
