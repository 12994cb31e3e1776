//! `dockdrill serve` in a real browser: headless Chromium, driven through
//! ChromeDriver, plays latest-drifted as a learner would (typing in the
//! terminal, pressing Check, downloading the transcript), and
//! `dockdrill grade` agrees with the page.
//!
//! Skips, saying why, when Chromium or ChromeDriver is missing, unless
//! DOCKDRILL_REQUIRE_BROWSER=1 (CI sets it). DOCKDRILL_SCREENSHOTS=DIR
//! saves the README's screenshots there (docs/img).

#[path = "integration/serve_support/mod.rs"]
mod serve_support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serve_support::webdriver::{ARROW_UP, BACKSPACE, Browser, Tools};
use serve_support::{Server, grade, scratch, solution_commands};

const WAIT: Duration = Duration::from_secs(30);

fn browser_tools() -> Option<Tools> {
    match Tools::find() {
        Ok(tools) => Some(tools),
        Err(why) => {
            let required = std::env::var("DOCKDRILL_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(!required, "DOCKDRILL_REQUIRE_BROWSER=1 but {why}");
            eprintln!("SKIP serve_browser: {why}");
            None
        }
    }
}

/// Types `line` and Enter into the terminal, then waits for its answer.
fn type_line(browser: &Browser, line: &str, answered_before: usize) {
    browser.type_into(".xterm-helper-textarea", &format!("{line}\n"));
    wait_answered(browser, answered_before + 1);
}

fn wait_answered(browser: &Browser, count: usize) {
    browser.wait_for(
        &format!("{count} answered lines"),
        &format!(
            "const t = document.getElementById('terminal'); \
             return t.dataset.state === 'ready' && Number(t.dataset.answered) >= {count};"
        ),
        WAIT,
    );
}

/// Waits until the terminal's visible rows show `text` (xterm renders on
/// an animation frame, a moment after it takes text in).
fn wait_for_screen(browser: &Browser, text: &str) {
    let quoted = serde_json::Value::from(text).to_string();
    browser.wait_for(
        &format!("{text:?} on the terminal"),
        &format!("return document.querySelector('.xterm-rows').innerText.includes({quoted});"),
        WAIT,
    );
}

fn press_check(browser: &Browser) -> String {
    browser.eval("delete document.querySelector('main.play').dataset.verdict; return true;");
    browser.click("#check");
    browser.wait_for(
        "a verdict on the page",
        "return !!document.querySelector('main.play').dataset.verdict;",
        WAIT,
    );
    browser
        .eval("return document.querySelector('main.play').dataset.verdict;")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn wait_for_file(path: &Path) -> Vec<u8> {
    let start = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(path)
            && !bytes.is_empty()
        {
            return bytes;
        }
        assert!(
            start.elapsed() < WAIT,
            "no download at {}; the folder has {:?}",
            path.display(),
            std::fs::read_dir(path.parent().expect("a folder"))
                .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn note(start: Instant, what: &str) {
    eprintln!("[{:>6.1}s] {what}", start.elapsed().as_secs_f64());
}

fn save_screenshot(name: &str, png: &[u8], scratch_dir: &Path) {
    assert!(png.starts_with(b"\x89PNG"), "{name} is not a PNG");
    let dir = std::env::var_os("DOCKDRILL_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| scratch_dir.to_path_buf());
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    std::fs::write(dir.join(name), png).expect("save a screenshot");
}

#[test]
fn a_learner_solves_latest_drifted_in_the_browser_and_grade_agrees() {
    let Some(tools) = browser_tools() else {
        return;
    };
    let t0 = Instant::now();
    let dir = scratch("browser");
    let downloads = dir.join("downloads");
    std::fs::create_dir_all(&downloads).expect("downloads folder");
    let server = Server::start(&["scenarios"]);
    note(t0, "server up");
    let browser = Browser::start(&tools, &dir.join("profile"), &downloads);
    note(t0, "browser up");

    // The catalog lists the drill; its link opens the drill page.
    browser.goto(&server.url("/"));
    browser.wait_for(
        "the catalog",
        "return document.querySelectorAll('li.drill').length >= 1;",
        WAIT,
    );
    let catalog = browser.eval("return document.querySelector('.drills').innerText;");
    assert!(
        catalog
            .as_str()
            .unwrap_or_default()
            .contains(":latest drifted"),
        "{catalog}"
    );
    note(t0, "catalog loaded");
    save_screenshot("catalog.png", &browser.full_page_screenshot(1200), &dir);
    note(t0, "catalog screenshot");
    browser.click("li.drill a[href='/s/latest-drifted']");
    wait_answered(&browser, 0);
    wait_for_screen(&browser, "Type `help`");

    // The shipped good solution, typed command by command.
    note(t0, "drill page ready");
    let commands = solution_commands("rm-and-run");
    assert!(commands.len() >= 4);
    for (i, command) in commands.iter().enumerate() {
        type_line(&browser, command, i);
    }
    note(t0, "solution typed");
    wait_for_screen(&browser, "a17e5d3c9b82");
    wait_for_screen(&browser, "\n1.8.0");

    // Check: both checks green, the follow-ups and debrief shown.
    assert_eq!(press_check(&browser), "pass");
    let passing = browser.eval("return document.querySelectorAll('#checks li.check.pass').length;");
    let failing = browser.eval("return document.querySelectorAll('#checks li.check.fail').length;");
    assert_eq!((passing.as_u64(), failing.as_u64()), (Some(2), Some(0)));
    let colour = browser.eval(
        "return getComputedStyle(document.querySelector('#checks li.check.pass .mark')).color;",
    );
    assert_eq!(
        colour.as_str(),
        Some("rgb(26, 127, 55)"),
        "checks turn green"
    );
    let after = browser.eval("return document.getElementById('after').hidden;");
    assert_eq!(after.as_bool(), Some(false), "follow-ups and debrief shown");
    let debrief = browser.eval("return document.getElementById('debrief').innerText;");
    assert!(
        debrief
            .as_str()
            .unwrap_or_default()
            .contains("What happened")
    );

    save_screenshot("solved.png", &browser.full_page_screenshot(1440), &dir);

    // `submit` in the terminal agrees.
    type_line(&browser, "submit", commands.len());
    wait_for_screen(&browser, "Debrief");

    // The downloaded transcript grades as the page graded it.
    browser.click("#download");
    let file = downloads.join("latest-drifted.transcript");
    let downloaded = wait_for_file(&file);
    let session = browser.eval("return document.querySelector('main.play').dataset.session;");
    let served = server.get(&format!(
        "/api/sessions/{}/transcript",
        session.as_str().unwrap_or_default()
    ));
    assert_eq!(served.status, 200);
    assert_eq!(
        downloaded, served.body,
        "the download is the session's transcript"
    );
    let text = String::from_utf8_lossy(&downloaded);
    for command in &commands {
        assert!(
            text.contains(&format!("$ {command}\n")),
            "{command} in {text}"
        );
    }
    let (status, report) = grade(&file, &[]);
    assert_eq!(status, 0, "dockdrill grade passes the download:\n{report}");

    // Start over: a fresh session, line editing, and a failing fix that
    // the page and `dockdrill grade` both fail.
    browser.click("#restart");
    wait_answered(&browser, 0);
    assert_eq!(
        browser
            .eval("return document.querySelector('#checks li.check').className;")
            .as_str(),
        Some("check unknown")
    );
    type_line(&browser, &format!("docker restarX{BACKSPACE}t web"), 0);
    type_line(&browser, &ARROW_UP.to_string(), 1);
    assert_eq!(press_check(&browser), "fail");
    let failing = browser.eval("return document.querySelectorAll('#checks li.check.fail').length;");
    assert_eq!(failing.as_u64(), Some(2));
    // Kept beside the test's other files, for a person to look at.
    let png = browser.full_page_screenshot(1440);
    std::fs::write(dir.join("failing.png"), png).expect("save a screenshot");
    let session = browser.eval("return document.querySelector('main.play').dataset.session;");
    let served = server.get(&format!(
        "/api/sessions/{}/transcript",
        session.as_str().unwrap_or_default()
    ));
    let text = served.text();
    assert_eq!(
        text.matches("$ docker restart web\n").count(),
        2,
        "backspace and up-arrow history edit the line:\n{text}"
    );
    let failed = dir.join("restart.transcript");
    std::fs::write(&failed, &served.body).expect("save the transcript");
    let (status, report) = grade(&failed, &[]);
    assert_eq!(status, 1, "dockdrill grade fails it too:\n{report}");
}
