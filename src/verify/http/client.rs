//! A small HTTP/1.1 client for GET requests to this machine: enough to ask
//! a learner's server for a page and read the answer, whether its length is
//! given, chunked, or ends when the server closes the connection.

use std::io::ErrorKind;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

use crate::verify::evidence::saw;

/// How long connecting, and then the whole exchange, may each take.
pub const PATIENCE: Duration = Duration::from_secs(2);
/// Bodies are read up to this size; the rest is not needed to judge them.
const MAX_BODY: usize = 4 << 20;
const MAX_HEAD: usize = 64 << 10;

/// An answer from the server.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The value of the first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no answer came.
#[derive(Debug)]
pub enum Trouble {
    /// Nothing listens on the port.
    Refused,
    /// Something accepted the connection and closed it without answering
    /// (Docker's port proxy does this when the container does not listen).
    Closed,
    /// No answer within [`PATIENCE`].
    Silent,
    /// An answer came that is not HTTP; the first bytes of it.
    NotHttp(String),
    /// The connection broke off while the answer was read.
    Broken(String),
    /// The request could not be made at all.
    Other(std::io::Error),
}

/// `GET path` from `host:port`, recording the status and body (or why
/// there was no answer) as the check's evidence.
pub async fn get(host: &str, port: u16, path: &str) -> Result<Response, Trouble> {
    let answer = request(host, port, path).await;
    let object = match host.contains(':') {
        true => format!("GET http://[{host}]:{port}{path}"),
        false => format!("GET http://{host}:{port}{path}"),
    };
    match &answer {
        Ok(r) => {
            saw(
                &object,
                "status",
                format!("{} {}", r.status, r.reason).trim_end(),
            );
            saw(object, "body", &r.body);
        }
        Err(trouble) => saw(object, "answer", format!("none: {}", trouble.words())),
    }
    answer
}

impl Trouble {
    /// What happened instead of an answer, in a few words.
    fn words(&self) -> String {
        match self {
            Trouble::Refused => "connection refused (nothing listens)".into(),
            Trouble::Closed => "closed without an answer".into(),
            Trouble::Silent => format!("no answer within {PATIENCE:?}"),
            Trouble::NotHttp(start) => format!("not HTTP: {start}"),
            Trouble::Broken(why) => format!("broke off: {why}"),
            Trouble::Other(e) => e.to_string(),
        }
    }
}

async fn request(host: &str, port: u16, path: &str) -> Result<Response, Trouble> {
    let mut stream = match timeout(PATIENCE, TcpStream::connect((host, port))).await {
        Err(_) => return Err(Trouble::Silent),
        Ok(Err(e)) if e.kind() == ErrorKind::ConnectionRefused => return Err(Trouble::Refused),
        Ok(Err(e)) => return Err(Trouble::Other(e)),
        Ok(Ok(s)) => s,
    };
    let host_header = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: opslab\r\nAccept: */*\r\nConnection: close\r\n\r\n"
    );
    match timeout(PATIENCE, exchange(&mut stream, request.as_bytes())).await {
        Err(_) => Err(Trouble::Silent),
        Ok(result) => result,
    }
}

async fn exchange(stream: &mut TcpStream, request: &[u8]) -> Result<Response, Trouble> {
    if let Err(e) = stream.write_all(request).await {
        return Err(closed_or_broken(e));
    }
    let mut reader = Reader {
        stream,
        buf: Vec::new(),
        eof: false,
    };
    loop {
        let Head {
            status,
            reason,
            headers,
        } = parse_head(&reader.head().await?)?;
        // An interim answer (100 Continue) is followed by the real one.
        if (100..200).contains(&status) && status != 101 {
            continue;
        }
        let mut response = Response {
            status,
            reason,
            headers,
            body: String::new(),
        };
        response.body = read_body(&mut reader, &response).await?;
        return Ok(response);
    }
}

fn closed_or_broken(e: std::io::Error) -> Trouble {
    match e.kind() {
        ErrorKind::ConnectionReset | ErrorKind::BrokenPipe | ErrorKind::UnexpectedEof => {
            Trouble::Closed
        }
        _ => Trouble::Broken(e.to_string()),
    }
}

async fn read_body(reader: &mut Reader<'_>, response: &Response) -> Result<String, Trouble> {
    let bytes = if response.status == 204 || response.status == 304 {
        Vec::new()
    } else if response
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"))
    {
        reader.chunked().await?
    } else if let Some(length) = response.header("content-length") {
        let n: usize = length
            .trim()
            .parse()
            .map_err(|_| Trouble::NotHttp(format!("Content-Length: {length}")))?;
        reader.exactly(n.min(MAX_BODY)).await?
    } else {
        reader.until_close().await?
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The status line and headers of an answer.
struct Head {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
}

fn parse_head(head: &str) -> Result<Head, Trouble> {
    let mut lines = head.split("\r\n").flat_map(|l| l.split('\n'));
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let status = parts.next().and_then(|s| s.parse::<u16>().ok());
    let (true, Some(status)) = (version.starts_with("HTTP/"), status) else {
        return Err(Trouble::NotHttp(snippet(head)));
    };
    let reason = parts.next().unwrap_or("").trim().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(Head {
        status,
        reason,
        headers,
    })
}

fn snippet(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(60)
        .collect();
    one_line.trim().to_string()
}

/// Buffered reading of the answer.
struct Reader<'a> {
    stream: &'a mut TcpStream,
    buf: Vec<u8>,
    eof: bool,
}

impl Reader<'_> {
    /// Reads more bytes into the buffer; false at the end of the stream.
    async fn fill(&mut self) -> Result<bool, Trouble> {
        if self.eof {
            return Ok(false);
        }
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk).await {
            Ok(0) => {
                self.eof = true;
                Ok(false)
            }
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Ok(true)
            }
            Err(e) => Err(closed_or_broken(e)),
        }
    }

    /// The head of an answer, up to the blank line.
    async fn head(&mut self) -> Result<String, Trouble> {
        loop {
            if let Some((end, body)) = blank_line(&self.buf) {
                let head: Vec<u8> = self.buf.drain(..body).collect();
                return Ok(String::from_utf8_lossy(&head[..end]).into_owned());
            }
            if self.buf.len() > MAX_HEAD {
                return Err(Trouble::NotHttp(snippet(&String::from_utf8_lossy(
                    &self.buf,
                ))));
            }
            if !self.fill().await? {
                return Err(match self.buf.is_empty() {
                    true => Trouble::Closed,
                    false => Trouble::NotHttp(snippet(&String::from_utf8_lossy(&self.buf))),
                });
            }
        }
    }

    /// A line (without its line end), for chunk sizes.
    async fn line(&mut self) -> Result<String, Trouble> {
        loop {
            if let Some(end) = find(&self.buf, b"\n") {
                let line: Vec<u8> = self.buf.drain(..end + 1).collect();
                return Ok(String::from_utf8_lossy(&line).trim_end().to_string());
            }
            if !self.fill().await? {
                return Err(Trouble::Broken(
                    "the answer ended in the middle of a chunk".into(),
                ));
            }
        }
    }

    async fn exactly(&mut self, n: usize) -> Result<Vec<u8>, Trouble> {
        while self.buf.len() < n {
            if !self.fill().await? {
                return Err(Trouble::Broken(format!(
                    "the body ended after {} of {}",
                    self.buf.len(),
                    crate::words::count(n, "byte")
                )));
            }
        }
        Ok(self.buf.drain(..n).collect())
    }

    async fn until_close(&mut self) -> Result<Vec<u8>, Trouble> {
        while self.buf.len() < MAX_BODY && self.fill().await? {}
        self.buf.truncate(MAX_BODY);
        Ok(std::mem::take(&mut self.buf))
    }

    /// A chunked body: hexadecimal sizes, each followed by that many bytes,
    /// ending with a chunk of size 0.
    async fn chunked(&mut self) -> Result<Vec<u8>, Trouble> {
        let mut body = Vec::new();
        loop {
            let line = self.line().await?;
            let size_text = line.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16)
                .map_err(|_| Trouble::NotHttp(format!("chunk size {size_text:?}")))?;
            if size == 0 || body.len() >= MAX_BODY {
                return Ok(body);
            }
            body.extend(self.exactly(size).await?);
            self.line().await?;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where the head ends: the end of the head's text and the start of the
/// body. The blank line is `\r\n\r\n` as HTTP writes it, or bare `\n`s, as
/// CGI scripts behind busybox httpd often print their header lines (and as
/// browsers and curl accept, RFC 9112 section 2.2).
fn blank_line(buf: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = find(&buf[from..], b"\n").map(|i| i + from) {
        let rest = &buf[at + 1..];
        let end = if at > 0 && buf[at - 1] == b'\r' {
            at - 1
        } else {
            at
        };
        if rest.starts_with(b"\n") {
            return Some((end, at + 2));
        }
        if rest.starts_with(b"\r\n") {
            return Some((end, at + 3));
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// Serves `answer` once on a fresh port and returns the port.
    async fn serve_once(answer: &'static [u8]) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = [0u8; 1024];
            let _ = socket.read(&mut request).await;
            socket.write_all(answer).await.unwrap();
        });
        port
    }

    #[tokio::test]
    async fn reads_chunked_bodies() {
        let port = serve_once(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Test: yes\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n",
        )
        .await;
        let r = get("127.0.0.1", port, "/").await.unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.body, "hello, world");
        assert_eq!(r.header("x-test"), Some("yes"));
    }

    #[tokio::test]
    async fn reads_cgi_headers_ended_by_bare_newlines() {
        // busybox httpd writes its status line; a CGI script echoes the rest.
        let port =
            serve_once(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\nX-App: cgi\n\nok\n").await;
        let r = get("127.0.0.1", port, "/cgi-bin/x").await.unwrap();
        assert_eq!((r.status, r.body.as_str()), (200, "ok\n"));
        assert_eq!(r.header("x-app"), Some("cgi"));
        assert_eq!(super::blank_line(b"A\r\n\r\nB"), Some((1, 5)));
        assert_eq!(super::blank_line(b"A\r\nB\n\r\nC"), Some((4, 7)));
        assert_eq!(super::blank_line(b"A\r\nB\r\n"), None);
    }

    #[tokio::test]
    async fn reads_by_length_and_until_close() {
        let port = serve_once(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnopeEXTRA").await;
        let r = get("127.0.0.1", port, "/x").await.unwrap();
        assert_eq!(
            (r.status, r.reason.as_str(), r.body.as_str()),
            (404, "Not Found", "nope")
        );
        let port = serve_once(b"HTTP/1.0 200 OK\r\n\r\nuntil close").await;
        assert_eq!(
            get("127.0.0.1", port, "/").await.unwrap().body,
            "until close"
        );
    }

    #[tokio::test]
    async fn names_what_went_wrong() {
        let port = serve_once(b"SSH-2.0-OpenSSH\r\n\r\n").await;
        assert!(
            matches!(get("127.0.0.1", port, "/").await, Err(Trouble::NotHttp(s)) if s.starts_with("SSH"))
        );
        let port = serve_once(b"").await;
        assert!(matches!(
            get("127.0.0.1", port, "/").await,
            Err(Trouble::Closed)
        ));
        let free = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        assert!(matches!(
            get("127.0.0.1", free, "/").await,
            Err(Trouble::Refused)
        ));
    }
}
