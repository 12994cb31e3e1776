//! Placeholder until the shell interpreter lands: splits words with quotes.

pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

pub trait Host {
    fn run(&mut self, argv: &[String], stdin: &str) -> CommandOutput;
}

pub struct ShellConfig {
    pub tools: Vec<String>,
}

pub struct ShellOutcome {
    pub stdout: String,
    pub stderr: String,
    pub terminal: String,
    pub status: i32,
}

pub fn run_line(line: &str, config: &ShellConfig, host: &mut dyn Host) -> ShellOutcome {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '"' => {
                in_word = true;
                while let Some(q) = chars.next() {
                    match q {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                if !matches!(n, '"' | '\\' | '$' | '`') {
                                    cur.push('\\');
                                }
                                cur.push(n);
                            }
                        }
                        q => cur.push(q),
                    }
                }
            }
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    let allowed = words.first().is_some_and(|w| config.tools.contains(w));
    let out = if allowed {
        host.run(&words, "")
    } else {
        CommandOutput {
            stdout: String::new(),
            stderr: String::from("bash: command not found\n"),
            status: 127,
        }
    };
    ShellOutcome {
        terminal: format!("{}{}", out.stdout, out.stderr),
        stdout: out.stdout,
        stderr: out.stderr,
        status: out.status,
    }
}
