//! `SmtpSink`: a real SMTP server on a local port for the tests. Keyturn's mailer talks to it
//! over TCP as to any mail server; every message is kept (decoded from its transfer encoding)
//! so a test reads exactly what a mailbox would get. `set_down(true)` makes it refuse every
//! connection with `421`, as a mail server that is down for maintenance does.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// An SMTP URL where nothing listens: a mail server that cannot be reached at all.
pub fn unreachable_smtp_url() -> String {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    format!("smtp://127.0.0.1:{port}")
}

/// One message as received.
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: Vec<String>,
    pub subject: String,
    /// The text, decoded.
    pub body: String,
}

#[derive(Clone)]
pub struct SmtpSink {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
    down: Arc<AtomicBool>,
}

impl SmtpSink {
    /// Listens on a free local port until the test's runtime ends.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sink = SmtpSink {
            port: listener.local_addr().unwrap().port(),
            mails: Arc::default(),
            down: Arc::default(),
        };
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let sink = serving.clone();
                tokio::spawn(async move { sink.session(stream).await });
            }
        });
        sink
    }

    /// The `KEYTURN_SMTP_URL` that reaches it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn set_down(&self, down: bool) {
        self.down.store(down, Ordering::SeqCst);
    }

    /// Every message received so far for `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<Mail> {
        self.mails
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .cloned()
            .collect()
    }

    pub fn count(&self) -> usize {
        self.mails.lock().unwrap().len()
    }

    /// The `nth` (from 1) message to `to` with this subject, waiting up to ten seconds:
    /// some are sent after the response.
    pub async fn wait_for(&self, to: &str, subject: &str, nth: usize) -> Mail {
        for _ in 0..200 {
            let found: Vec<Mail> = self
                .mails_to(to)
                .into_iter()
                .filter(|m| m.subject == subject)
                .collect();
            if let Some(mail) = found.get(nth - 1) {
                return mail.clone();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "no message {nth} to {to} with subject {subject:?}; got {:?}",
            self.mails_to(to)
                .iter()
                .map(|m| &m.subject)
                .collect::<Vec<_>>()
        );
    }

    async fn session(&self, stream: tokio::net::TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        if self.down.load(Ordering::SeqCst) {
            let _ = write
                .write_all(b"421 sink is down for maintenance\r\n")
                .await;
            return;
        }
        let _ = write.write_all(b"220 sink ESMTP\r\n").await;
        let mut to = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                return;
            }
            let command = line.trim_end().to_ascii_uppercase();
            let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                b"250 sink\r\n"
            } else if command.starts_with("MAIL FROM") {
                to.clear();
                b"250 ok\r\n"
            } else if command.starts_with("RCPT TO") {
                let address = line.trim_end()[8..]
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string();
                to.push(address);
                b"250 ok\r\n"
            } else if command == "DATA" {
                let _ = write.write_all(b"354 go ahead\r\n").await;
                let mut raw = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    // Dot-stuffing: a leading dot was doubled by the client.
                    raw.push_str(line.strip_prefix('.').unwrap_or(&line));
                }
                let mut mail = parse(&raw);
                mail.to = std::mem::take(&mut to);
                self.mails.lock().unwrap().push(mail);
                b"250 queued\r\n"
            } else if command == "QUIT" {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            } else {
                // RSET, NOOP and the like.
                b"250 ok\r\n"
            };
            if write.write_all(reply).await.is_err() {
                return;
            }
        }
    }
}

/// Headers and a text body in 7bit, quoted-printable or base64.
fn parse(raw: &str) -> Mail {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .or_else(|| raw.split_once("\n\n"))
        .unwrap_or((raw, ""));
    // Unfold continued header lines.
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (n, v) = l.split_once(':')?;
                n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
            .unwrap_or_default()
    };
    let encoding = header("Content-Transfer-Encoding").to_ascii_lowercase();
    let body = match encoding.as_str() {
        "base64" => {
            let compact: String = body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .unwrap(),
            )
            .unwrap()
        }
        "quoted-printable" => quoted_printable(body),
        _ => body.to_string(),
    };
    Mail {
        to: Vec::new(),
        subject: header("Subject"),
        body: body.replace("\r\n", "\n"),
    }
}

fn quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
