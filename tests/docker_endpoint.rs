//! opslab finds the daemon as the docker CLI does: with DOCKER_HOST unset,
//! the current context of the docker config (or DOCKER_CONTEXT) names a
//! context whose endpoint is a socket elsewhere. Here that socket is a small
//! proxy to the real daemon, so the checks pass only if opslab went through
//! it; and a context whose socket does not exist is named in the message.

mod common;
mod docker_pack;

use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use common::*;
use docker_pack::*;
use sha2::{Digest, Sha256};

/// The real daemon's socket, which the proxy forwards to.
const REAL_SOCKET: &str = "/var/run/docker.sock";

/// Listens on `path` and forwards every connection to the real daemon;
/// returns the number of connections it has served so far.
fn proxy(path: &Path) -> Arc<AtomicUsize> {
    let listener = UnixListener::bind(path).unwrap();
    let served = Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    thread::spawn(move || {
        for client in listener.incoming().flatten() {
            count.fetch_add(1, Ordering::SeqCst);
            let Ok(daemon) = UnixStream::connect(REAL_SOCKET) else {
                continue;
            };
            let (mut c2, mut d2) = (client.try_clone().unwrap(), daemon.try_clone().unwrap());
            let (mut c, mut d) = (client, daemon);
            thread::spawn(move || {
                let _ = std::io::copy(&mut c2, &mut d2);
                let _ = d2.shutdown(std::net::Shutdown::Write);
            });
            thread::spawn(move || {
                let _ = std::io::copy(&mut d, &mut c);
                let _ = c.shutdown(std::net::Shutdown::Write);
            });
        }
    });
    served
}

/// Writes the context `name` with endpoint `host` into the docker config
/// folder `dir`, as `docker context create` does.
fn write_context(dir: &Path, name: &str, host: &str) {
    let hex: String = Sha256::digest(name.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let meta = dir.join("contexts/meta").join(hex);
    std::fs::create_dir_all(&meta).unwrap();
    let json = serde_json::json!({
        "Name": name,
        "Metadata": {},
        "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}},
    });
    std::fs::write(meta.join("meta.json"), json.to_string()).unwrap();
}

#[test]
fn the_current_docker_context_is_used_and_named() {
    let name = unique("context");
    let _c = run_container(&name, &[], &["sleep", "300"]);
    let lab = OneLab::new(&format!(
        "[[check]]\nid = \"up\"\nkind = \"container.running\"\ncontainer = \"{name}\"\n"
    ));
    lab.start();
    let config = lab.path("home/.docker");
    let socket = lab.path("other.sock");
    let served = proxy(&socket);
    let host = format!("unix://{}", socket.display());
    write_context(&config, "other", &host);
    std::fs::write(config.join("config.json"), r#"{"currentContext":"other"}"#).unwrap();

    let check = lab.run(&["check", "lab"], &[]);
    assert_eq!(check.code, Some(0), "{}", check.text);
    assert!(
        served.load(Ordering::SeqCst) > 0,
        "opslab did not use the context"
    );

    let doctor = lab.run(&["doctor"], &[]);
    let named = format!("Docker answers at {host}: ");
    assert!(doctor.text.contains(&named), "{}", doctor.text);
    let found_by = "; address from context `other`";
    assert!(doctor.text.contains(found_by), "{}", doctor.text);
}

#[test]
fn a_context_whose_socket_is_missing_is_named_in_could_not_run() {
    let lab =
        OneLab::new("[[check]]\nid = \"up\"\nkind = \"container.running\"\ncontainer = \"web\"\n");
    lab.start();
    let config = lab.path("home/.docker");
    let missing = format!("unix://{}", lab.path("gone.sock").display());
    write_context(&config, "gone", &missing);
    write_context(&config, "other", &format!("unix://{REAL_SOCKET}"));
    std::fs::write(config.join("config.json"), r#"{"currentContext":"other"}"#).unwrap();

    let check = lab.run(&["check", "lab"], &[("DOCKER_CONTEXT", "gone")]);
    assert_eq!(check.code, Some(2), "{}", check.text);
    let named = format!(
        "could not reach the Docker daemon at {missing} (context `gone`, from DOCKER_CONTEXT)"
    );
    assert!(check.text.contains(&named), "{}", check.text);
    assert!(
        check.text.contains("docker context use default"),
        "{}",
        check.text
    );
    assert!(!check.text.contains("systemctl"), "{}", check.text);

    let doctor = lab.run(&["doctor"], &[("DOCKER_CONTEXT", "nowhere")]);
    assert_eq!(doctor.code, Some(2), "{}", doctor.text);
    assert!(doctor.text.contains("context `nowhere`"), "{}", doctor.text);
    assert!(doctor.text.contains("does not exist"), "{}", doctor.text);
}
