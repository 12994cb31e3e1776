// dockdrill serve: the drill page's terminal and buttons. The server runs
// every line in the session's simulated host; this script only edits the
// line being typed, sends whole lines in order, and shows the replies.
"use strict";

(function () {
  const main = document.querySelector("main.play");
  if (!main || typeof Terminal !== "function") {
    return;
  }
  const scenario = main.dataset.scenario;
  const box = document.getElementById("terminal");
  const checkButton = document.getElementById("check");
  const restartButton = document.getElementById("restart");
  const download = document.getElementById("download");
  const status = document.getElementById("status");
  const verdict = document.getElementById("verdict");
  const after = document.getElementById("after");

  const term = new Terminal({
    convertEol: true,
    cursorBlink: true,
    cols: 88,
    rows: 30,
    scrollback: 5000,
    fontSize: 14,
    fontFamily: '"DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace',
    theme: { background: "#1b1f24", foreground: "#e6e6e6", cursor: "#e6e6e6" },
  });
  term.open(box);

  let session = null;
  let prompt = "$ ";
  let line = "";
  const history = [];
  let historyAt = 0;
  // Keys typed while a line is running wait here, so replies and typing
  // never interleave and lines reach the server in the order typed.
  let typeahead = "";
  let busy = true;
  let answered = 0;

  function setState(state) {
    box.dataset.state = state;
  }

  function say(text) {
    status.textContent = text;
  }

  async function api(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = null;
    try {
      data = await response.json();
    } catch (_) {
      data = { error: "the server sent no JSON (status " + response.status + ")" };
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || "status " + response.status);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function red(text) {
    return "\x1b[31m" + text + "\x1b[0m";
  }

  async function start() {
    busy = true;
    setState("starting");
    term.reset();
    line = "";
    typeahead = "";
    answered = 0;
    box.dataset.answered = "0";
    resetChecks();
    say("Starting a session…");
    try {
      const created = await api("POST", "/api/sessions", { scenario });
      session = created.id;
      main.dataset.session = session;
      prompt = created.prompt;
      download.href = "/api/sessions/" + session + "/transcript";
      download.setAttribute("download", scenario + ".transcript");
      term.write(created.intro + "\n");
      say("");
      ready();
    } catch (e) {
      term.write(red("Could not start a session: " + e.message) + "\n");
      say("No session");
      setState("failed");
    }
    term.focus();
  }

  // The page says "ready" once xterm has taken in everything written so
  // far (its writes are asynchronous), so what a reader sees is complete.
  function ready() {
    busy = false;
    term.write(prompt, () => {
      box.dataset.answered = String(answered);
      if (!busy) {
        setState("ready");
      }
    });
    const pending = typeahead;
    typeahead = "";
    if (pending) {
      input(pending);
    }
  }

  function redraw() {
    term.write("\r\x1b[K" + prompt + line);
  }

  async function send(text, cancel) {
    busy = true;
    setState("busy");
    try {
      const body = cancel ? { line: "", cancel: true } : { line: text };
      const reply = await api("POST", "/api/sessions/" + session + "/lines", body);
      term.write(reply.output);
      prompt = reply.prompt;
      if (reply.graded) {
        await showReport();
      }
    } catch (e) {
      if (e.status === 404) {
        term.write(red(e.message) + "\n");
      } else {
        term.write(red("dockdrill: " + e.message) + "\n");
      }
    }
    answered += 1;
    ready();
  }

  // Handles typed or pasted input: printable text, Enter, Backspace,
  // Up/Down for history, Ctrl-C to drop the line, Ctrl-L to clear.
  function input(data) {
    let i = 0;
    while (i < data.length) {
      if (busy) {
        typeahead += data.slice(i);
        return;
      }
      const c = data[i];
      if (c === "\x1b") {
        const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/.exec(data.slice(i));
        const seq = m ? m[0] : c;
        if (seq === "\x1b[A" || seq === "\x1bOA") {
          if (historyAt > 0) {
            historyAt -= 1;
            line = history[historyAt];
            redraw();
          }
        } else if (seq === "\x1b[B" || seq === "\x1bOB") {
          if (historyAt < history.length) {
            historyAt += 1;
            line = historyAt === history.length ? "" : history[historyAt];
            redraw();
          }
        }
        i += seq.length;
        continue;
      }
      i += 1;
      if (c === "\r" || c === "\n") {
        if (c === "\r" && data[i] === "\n") {
          i += 1;
        }
        const text = line;
        line = "";
        term.write("\r\n");
        if (text.trim() !== "" && history[history.length - 1] !== text) {
          history.push(text);
        }
        historyAt = history.length;
        typeahead = data.slice(i);
        send(text);
        return;
      } else if (c === "\x7f" || c === "\b") {
        if (line.length > 0) {
          const chars = Array.from(line);
          chars.pop();
          line = chars.join("");
          redraw();
        }
      } else if (c === "\x03") {
        line = "";
        term.write("^C\r\n");
        typeahead = data.slice(i);
        send("", true);
        return;
      } else if (c === "\x0c") {
        term.clear();
        redraw();
      } else if (c >= " ") {
        line += c;
        term.write(c);
      }
    }
  }

  term.onData(input);

  function resetChecks() {
    for (const item of document.querySelectorAll("#checks li.check")) {
      item.className = "check unknown";
      item.querySelector(".mark").textContent = "○";
      const reasons = item.querySelector(".reasons");
      if (reasons) {
        reasons.remove();
      }
    }
    verdict.textContent = "Not checked yet.";
    verdict.className = "verdict";
    after.hidden = true;
  }

  // Scenario prose as the drill page renders it: a pair of backticks marks
  // code. Text goes in as text nodes only, never as markup.
  function prose(target, text) {
    const pieces = text.split("`");
    pieces.forEach((piece, i) => {
      const inside = i % 2 === 1 && i < pieces.length - (pieces.length % 2 === 0 ? 1 : 0);
      if (inside) {
        const code = document.createElement("code");
        code.textContent = piece;
        target.appendChild(code);
      } else {
        target.appendChild(document.createTextNode((i % 2 === 1 ? "`" : "") + piece));
      }
    });
  }

  function paragraphs(target, text) {
    for (const part of text.split(/\n\s*\n/)) {
      const flat = part.trim().split(/\s+/).join(" ");
      if (flat) {
        const p = document.createElement("p");
        prose(p, flat);
        target.appendChild(p);
      }
    }
  }

  async function showReport() {
    if (!session) {
      return;
    }
    say("Checking…");
    let report;
    try {
      report = await api("GET", "/api/sessions/" + session + "/report");
    } catch (e) {
      verdict.textContent = e.message;
      verdict.className = "verdict fail";
      say("");
      return;
    }
    const list = document.getElementById("checks");
    for (const check of report.checks) {
      let item = list.querySelector('li[data-check="' + CSS.escape(check.name) + '"]');
      if (!item) {
        item = document.createElement("li");
        item.dataset.check = check.name;
        item.innerHTML = '<span class="mark"></span><span class="name"></span><span class="about"></span>';
        item.querySelector(".name").textContent = check.name;
        item.querySelector(".about").textContent = check.about;
        list.appendChild(item);
      }
      item.className = "check " + (check.passed ? "pass" : "fail");
      item.querySelector(".mark").textContent = check.passed ? "✓" : "✗";
      let reasons = item.querySelector(".reasons");
      if (reasons) {
        reasons.remove();
      }
      if (check.reasons.length > 0) {
        reasons = document.createElement("ul");
        reasons.className = "reasons";
        for (const reason of check.reasons) {
          const li = document.createElement("li");
          li.textContent = reason;
          reasons.appendChild(li);
        }
        item.appendChild(reasons);
      }
    }
    const passing = report.checks.filter((c) => c.passed).length;
    if (report.passed) {
      verdict.textContent = "Pass: all " + report.checks.length + " checks pass. Download the transcript to keep it.";
      verdict.className = "verdict pass";
    } else {
      verdict.textContent = passing + " of " + report.checks.length + " checks pass. Type hint for a nudge.";
      verdict.className = "verdict fail";
    }
    const followups = document.getElementById("followups");
    const debrief = document.getElementById("debrief");
    followups.replaceChildren();
    debrief.replaceChildren();
    if (report.passed) {
      for (const f of report.followups) {
        const li = document.createElement("li");
        const q = document.createElement("p");
        q.className = "question";
        prose(q, f.question);
        li.appendChild(q);
        if (f.answer) {
          const details = document.createElement("details");
          const summary = document.createElement("summary");
          summary.textContent = "Answer";
          details.appendChild(summary);
          paragraphs(details, f.answer);
          li.appendChild(details);
        }
        followups.appendChild(li);
      }
      if (report.debrief) {
        paragraphs(debrief, report.debrief);
      }
      after.hidden = false;
    } else {
      after.hidden = true;
    }
    main.dataset.verdict = report.passed ? "pass" : "fail";
    say("");
  }

  checkButton.addEventListener("click", () => {
    showReport();
    term.focus();
  });
  restartButton.addEventListener("click", () => {
    delete main.dataset.verdict;
    start();
  });
  download.addEventListener("click", (event) => {
    if (!session) {
      event.preventDefault();
    }
  });

  start();
})();
