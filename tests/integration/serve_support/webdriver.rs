//! Just enough W3C WebDriver to drive headless Chromium through
//! ChromeDriver: WebDriver is JSON over HTTP, so a few calls on the test
//! HTTP client do what a client crate would, without its dependency tree.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::request;

/// The key WebDriver's `send keys` turns into a press of that key.
pub const BACKSPACE: char = '\u{E003}';
pub const ARROW_UP: char = '\u{E013}';
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Chromium and ChromeDriver, from `$CHROME`/`$CHROMEDRIVER` or the PATH.
pub struct Tools {
    pub chrome: PathBuf,
    pub chromedriver: PathBuf,
}

impl Tools {
    /// The tools, or why they cannot be used.
    pub fn find() -> Result<Tools, String> {
        let chrome = from_env_or_path("CHROME", &["chromium", "chromium-browser", "google-chrome"])
            .ok_or("no chromium on the PATH (apt-get install chromium)")?;
        let chromedriver = from_env_or_path("CHROMEDRIVER", &["chromedriver"])
            .ok_or("no chromedriver on the PATH (apt-get install chromium-driver)")?;
        Ok(Tools {
            chrome,
            chromedriver,
        })
    }
}

fn from_env_or_path(var: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(var) {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A ChromeDriver process and one browser session; both end when dropped.
pub struct Browser {
    driver: Child,
    addr: String,
    session: String,
}

impl Browser {
    /// Headless Chromium with a fresh profile in `profile`, saving
    /// downloads to `downloads`.
    pub fn start(tools: &Tools, profile: &Path, downloads: &Path) -> Browser {
        let mut driver = Command::new(&tools.chromedriver)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let stdout = driver.stdout.take().expect("chromedriver's stdout");
        let mut reader = BufReader::new(stdout);
        let mut port = None;
        let mut line = String::new();
        while port.is_none() && reader.read_line(&mut line).unwrap_or(0) > 0 {
            port = line
                .split("started successfully on port ")
                .nth(1)
                .map(|rest| rest.trim().trim_end_matches('.').to_owned());
            line.clear();
        }
        let port = port.expect("chromedriver names its port");
        // Keep draining chromedriver's stdout so it never blocks on a pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).unwrap_or(0) > 0 {
                sink.clear();
            }
        });
        let addr = format!("127.0.0.1:{port}");
        let args = vec![
            "--headless".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--window-size=1440,1000".to_owned(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": tools.chrome,
                        "args": args,
                        "prefs": {
                            "download.default_directory": downloads,
                            "download.prompt_for_download": false,
                        },
                    },
                },
            },
        });
        let mut browser = Browser {
            driver,
            addr,
            session: String::new(),
        };
        let created = browser.call("POST", "/session", Some(capabilities));
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session in {created}"))
            .to_owned();
        browser
    }

    /// One WebDriver command; its `value`, or a panic naming the error.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers: &[(&str, &str)] = if method == "POST" {
            &[("Content-Type", "application/json")]
        } else {
            &[]
        };
        let response = request(&self.addr, method, path, headers, body.as_bytes());
        let value = response.json();
        assert!(
            response.status == 200,
            "WebDriver {method} {path}: {}",
            value
        );
        value["value"].clone()
    }

    fn session_call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    pub fn goto(&self, url: &str) {
        self.session_call("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn find(&self, css: &str) -> String {
        let found = self.session_call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element for {css}: {found}"))
            .to_owned()
    }

    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.session_call(
            "POST",
            &format!("/element/{element}/click"),
            Some(json!({})),
        );
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.session_call(
            "POST",
            &format!("/element/{element}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Runs `script` (a function body; `return` gives the value) in the page.
    pub fn eval(&self, script: &str) -> Value {
        self.session_call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Polls `script` until it returns true, or panics after `timeout`.
    pub fn wait_for(&self, what: &str, script: &str, timeout: Duration) {
        let start = Instant::now();
        loop {
            if self.eval(script) == Value::Bool(true) {
                return;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {what}; the page says: {}",
                self.eval("return document.body.innerText;")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A PNG of the viewport.
    pub fn screenshot(&self) -> Vec<u8> {
        let encoded = self.session_call("GET", "/screenshot", None);
        base64_decode(encoded.as_str().expect("base64 PNG"))
    }

    /// A PNG of the whole page, however tall, by sizing the window to it.
    pub fn full_page_screenshot(&self, width: u64) -> Vec<u8> {
        // The window's height includes what is not viewport; two rounds
        // measure that difference and make room for it.
        let mut height: i64 = 1000;
        for _ in 0..2 {
            let missing = self
                .eval(
                    "return Math.ceil(document.body.getBoundingClientRect().height - window.innerHeight) + 48;",
                )
                .as_i64()
                .unwrap_or(0);
            height = (height + missing).clamp(400, 4000);
            self.session_call(
                "POST",
                "/window/rect",
                Some(json!({ "width": width, "height": height })),
            );
        }
        self.eval("window.scrollTo(0, 0); return true;");
        self.screenshot()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = request(&self.addr, "DELETE", &path, &[], b"");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[test]
fn base64_decodes_padded_and_unpadded_text() {
    assert_eq!(base64_decode("aGVsbG8="), b"hello");
    assert_eq!(base64_decode("aGk"), b"hi");
}
