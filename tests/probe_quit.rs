//! A front end that ends while a probe check runs (the terminal UI on quit)
//! leaves no probe container behind: `leave_no_probes` removes what the
//! cancelled check's guard could not. Its own binary, because it removes
//! every probe of its process, which would cut other tests' probes short.

mod common;

use std::time::{Duration, Instant};

use common::*;
use opslab::verify::docker::leave_no_probes;
use opslab::verify::{run_check, Context, DockerProbe};

#[test]
fn quitting_during_a_probe_check_leaves_no_probe() {
    let tag = format!("{}:1", unique("quit"));
    let _guard = Cleanup(vec![vec![
        "image".into(),
        "rm".into(),
        "-f".into(),
        tag.clone(),
    ]]);
    docker(&["tag", test_image(), &tag]);
    let check = parse_check(&format!(
        "id = \"c\"\nkind = \"probe.run\"\nimage = \"{tag}\"\ncommand = [\"sleep\", \"60\"]\ntimeout = \"15s\""
    ));
    let running = || docker(&["ps", "-a", "-q", "--filter", &format!("ancestor={tag}")]);
    let ui = runtime();
    ui.spawn(async move {
        let ctx = Context::new(std::env::temp_dir(), DockerProbe::connect().await);
        run_check(&check, &ctx).await
    });
    let started = Instant::now();
    while docker(&["ps", "-q", "--filter", &format!("ancestor={tag}")]).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "no probe started"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The UI's runtime ends with the check in flight: its guard cannot run.
    ui.shutdown_background();
    assert_ne!(running(), "", "the probe went away by itself");
    let removed = runtime()
        .block_on(leave_no_probes())
        .expect("probes removed");
    assert_eq!(removed, 1);
    assert_eq!(running(), "", "the probe outlived the UI");
}
