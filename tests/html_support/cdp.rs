//! A minimal Chrome DevTools Protocol client over a WebSocket, enough to load a page, send real
//! keyboard and mouse input, read values back and collect console messages, exceptions and
//! dialogs (an `alert()` from injected code would show up as `Page.javascriptDialogOpening`).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use super::Chromium;

pub struct Cdp {
    ws: WebSocket<TcpStream>,
    child: Child,
    session: String,
    next_id: u64,
    /// Every event received so far, in order.
    pub events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Cdp {
    /// Starts headless Chromium with remote debugging, opens a tab and loads `url`.
    pub fn open(chrome: &Chromium, url: &str) -> Cdp {
        let profile = tempfile::tempdir().expect("profile dir");
        let mut child = Command::new(chrome.path())
            .args(super::FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chromium");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(i) = line.find("ws://") {
                    let _ = tx.send(line[i..].trim().to_owned());
                }
            }
        });
        let ws_url = rx.recv_timeout(Duration::from_secs(30)).expect("DevTools endpoint");
        let hostport = ws_url.trim_start_matches("ws://").split('/').next().expect("host").to_owned();
        let stream = TcpStream::connect(&hostport).expect("connect DevTools");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        let (ws, _) = tungstenite::client(ws_url.as_str(), stream).expect("websocket handshake");
        let mut cdp =
            Cdp { ws, child, session: String::new(), next_id: 0, events: Vec::new(), _profile: profile };
        let target = cdp.send(None, "Target.createTarget", json!({"url": "about:blank"}));
        let target_id = target["targetId"].as_str().expect("targetId").to_owned();
        let attached =
            cdp.send(None, "Target.attachToTarget", json!({"targetId": target_id, "flatten": true}));
        cdp.session = attached["sessionId"].as_str().expect("sessionId").to_owned();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            cdp.call(domain, json!({}));
        }
        cdp.navigate(url);
        cdp
    }

    pub fn navigate(&mut self, url: &str) {
        let before = self.events.len();
        self.call("Page.navigate", json!({"url": url}));
        self.wait_for(before, "Page.loadEventFired");
    }

    fn wait_for(&mut self, from: usize, method: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.events[from..].iter().any(|e| e["method"] == method) {
            assert!(Instant::now() < deadline, "timed out waiting for {method}");
            self.read_one();
        }
    }

    fn read_one(&mut self) -> Option<Value> {
        match self.ws.read().expect("read DevTools message") {
            Message::Text(t) => {
                let v: Value = serde_json::from_str(&t).expect("DevTools JSON");
                if v.get("id").is_some() {
                    Some(v)
                } else {
                    self.events.push(v);
                    None
                }
            }
            _ => None,
        }
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::text(msg.to_string())).expect("send DevTools message");
        loop {
            if let Some(reply) = self.read_one()
                && reply["id"] == id
            {
                assert!(reply.get("error").is_none(), "{method} failed: {reply}");
                return reply["result"].clone();
            }
        }
    }

    /// A command to the page's session.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// Evaluates a test probe in the page (DevTools evaluation is not subject to the page's CSP;
    /// it only reads state or triggers focus, the behaviour under test is the page's own script).
    pub fn eval(&mut self, expr: &str) -> Value {
        let r = self.call("Runtime.evaluate", json!({"expression": expr, "returnByValue": true}));
        assert!(r.get("exceptionDetails").is_none(), "probe failed: {expr}: {r}");
        r["result"]["value"].clone()
    }

    pub fn key(&mut self, key: &str, code: &str, key_code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({"type": kind, "key": key, "code": code, "windowsVirtualKeyCode": key_code}),
            );
        }
        if key == "Enter" {
            // Enter produces a char event too, which is what activates a link.
            self.call("Input.dispatchKeyEvent", json!({"type": "char", "text": "\r", "key": "Enter"}));
        }
    }

    pub fn tab(&mut self) {
        self.key("Tab", "Tab", 9);
    }

    /// Moves the mouse to the centre of the first element matching `selector`.
    pub fn hover(&mut self, selector: &str) -> (f64, f64) {
        let sel = serde_json::to_string(selector).expect("selector");
        let p = self.eval(&format!(
            "(() => {{ const e = document.querySelector({sel}); e.scrollIntoView({{block: 'center', behavior: 'instant'}}); \
             const r = e.getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        let (x, y) = (p[0].as_f64().expect("x"), p[1].as_f64().expect("y"));
        self.call("Input.dispatchMouseEvent", json!({"type": "mouseMoved", "x": x, "y": y}));
        (x, y)
    }

    /// A real left click in the centre of the first element matching `selector`.
    pub fn click(&mut self, selector: &str) {
        let sel = serde_json::to_string(selector).expect("selector");
        // The page may still be moving from the previous action (a smooth scroll to the highlighted
        // mention, the hover card's 250 ms hide delay): aim again until the target is on top, the
        // way a user would, and fail only if it stays covered.
        let deadline = Instant::now() + Duration::from_secs(3);
        let (x, y) = loop {
            let (x, y) = self.hover(selector);
            let top = self.eval(&format!(
                "(() => {{ const t = document.elementFromPoint({x}, {y}); const e = document.querySelector({sel}); \
                 return t !== null && (t === e || e.contains(t)) ? true : (t ? t.outerHTML.slice(0, 160) : null); }})()"
            ));
            if top == Value::Bool(true) {
                break (x, y);
            }
            assert!(Instant::now() < deadline, "{selector} is covered at ({x}, {y}) by {top}");
            std::thread::sleep(Duration::from_millis(25));
        };
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1}),
            );
        }
    }

    /// Console calls, uncaught exceptions, log entries and dialogs seen so far.
    pub fn complaints(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| {
                matches!(
                    e["method"].as_str(),
                    Some(
                        "Runtime.consoleAPICalled"
                            | "Runtime.exceptionThrown"
                            | "Log.entryAdded"
                            | "Page.javascriptDialogOpening"
                    )
                )
            })
            .map(|e| e.to_string())
            .collect()
    }
}

impl Drop for Cdp {
    fn drop(&mut self) {
        let _ = self.ws.close(None);
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
