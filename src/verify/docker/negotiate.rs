//! Agreeing on an API version the way the docker CLI does: one `GET /_ping`,
//! whose `Api-Version` header names the daemon's newest version. bollard's
//! own negotiation asks `GET /version`, which the daemon answers only after
//! querying containerd and the kernel; on a laptop that is most of the time
//! a short `opslab check` takes.

use std::time::Duration;

use bollard::{ClientVersion, API_DEFAULT_VERSION};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpStream, UnixStream};

/// How long connecting and the first ping may take together.
pub(super) const PING_LIMIT: Duration = Duration::from_secs(3);
/// The most of a ping answer read: a daemon's is a few hundred bytes.
const PING_ANSWER_MAX: u64 = 64 * 1024;

/// What `/_ping` on a Unix socket said about versions.
pub(super) enum Ping {
    /// The version both sides speak: the older of the daemon's and ours.
    Agreed(ClientVersion),
    /// The daemon answered without naming its version (very old daemons).
    Silent,
}

/// Pings the daemon at `host` (`unix://PATH` or `tcp://HOST:PORT`); `Err`
/// says why it did not answer.
pub(super) async fn ping(host: &str) -> Result<Ping, String> {
    let talk = async {
        if let Some(path) = host.strip_prefix("unix://") {
            exchange(UnixStream::connect(path).await?).await
        } else {
            let address = host
                .strip_prefix("tcp://")
                .or_else(|| host.strip_prefix("http://"))
                .unwrap_or(host);
            exchange(TcpStream::connect(address.trim_end_matches('/')).await?).await
        }
    };
    let answer = match tokio::time::timeout(PING_LIMIT, talk).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => return Err(e.to_string()),
        Err(_) => {
            return Err(format!(
                "no answer to a ping within {} s",
                PING_LIMIT.as_secs()
            ))
        }
    };
    let text = String::from_utf8_lossy(&answer);
    let head = text.split("\r\n\r\n").next().unwrap_or("");
    if !head.starts_with("HTTP/1.") {
        return Err("something answered on the socket, but not a Docker daemon".into());
    }
    Ok(api_version(head)
        .map(|v| Ping::Agreed(older(v)))
        .unwrap_or(Ping::Silent))
}

/// Sends `GET /_ping` and reads the whole (small) answer.
async fn exchange<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S) -> std::io::Result<Vec<u8>> {
    stream
        .write_all(b"GET /_ping HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n")
        .await?;
    let mut answer = Vec::new();
    stream
        .take(PING_ANSWER_MAX)
        .read_to_end(&mut answer)
        .await?;
    Ok(answer)
}

/// The `Api-Version` header of an HTTP response head.
fn api_version(head: &str) -> Option<ClientVersion> {
    let value = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("api-version")
            .then(|| value.trim())
    })?;
    let (major, minor) = value.split_once('.')?;
    Some(ClientVersion {
        major_version: major.parse().ok()?,
        minor_version: minor.parse().ok()?,
    })
}

fn older(server: ClientVersion) -> ClientVersion {
    if server < *API_DEFAULT_VERSION {
        server
    } else {
        *API_DEFAULT_VERSION
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_version_header_is_read_in_any_case() {
        let head = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nDocker-Experimental: false";
        let v = api_version(head).unwrap();
        assert_eq!((v.major_version, v.minor_version), (1, 41));
        assert!(api_version("HTTP/1.1 200 OK\r\nAPI-VERSION: 1.x").is_none());
        assert!(api_version("HTTP/1.1 200 OK\r\nServer: x").is_none());
    }

    #[test]
    fn the_older_version_wins() {
        let old = ClientVersion {
            major_version: 1,
            minor_version: 41,
        };
        assert_eq!(older(old).minor_version, 41);
        let new = ClientVersion {
            major_version: 1,
            minor_version: 99,
        };
        assert_eq!(older(new), *API_DEFAULT_VERSION);
    }
}
