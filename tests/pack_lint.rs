//! `pack validate` warns about labs that load but mislead: a check looking
//! for a name the brief never gives, a lab with no hint, a container lab
//! that proves no wrong answer. Warnings fail only with `--strict`.

mod docker_pack;

use docker_pack::OneLab;

fn validate(lab: &OneLab, strict: bool) -> docker_pack::Run {
    let pack = lab.path("pack");
    let mut args = vec!["pack", "validate", pack.to_str().unwrap()];
    if strict {
        args.push("--strict");
    }
    lab.run(&args, &[])
}

const MISNAMED: &str = r#"hints = ["Run it with `docker run -d --name web ...`."]

[[check]]
id = "running"
kind = "container.running"
container = "web-1"

[[check]]
id = "page"
kind = "http.get"
port = 18080
path = "/"
"#;

#[test]
fn a_check_looking_for_a_name_the_brief_never_gives_is_a_warning_at_its_line() {
    let lab = OneLab::new(MISNAMED);
    std::fs::write(
        lab.path("pack/lab/brief.md"),
        "Run a container named `web` on port 8080.\n",
    )
    .unwrap();
    let run = validate(&lab, false);
    assert_eq!(
        run.code,
        Some(0),
        "warnings alone do not fail: {}",
        run.text
    );
    assert!(
        run.text
            .contains("lab.toml:12:13: a check looks for the container `web-1`, but"),
        "{}",
        run.text
    );
    assert!(
        run.text
            .contains("lab.toml:17:8: a check looks for the port `18080`"),
        "{}",
        run.text
    );
    assert!(
        run.text
            .contains("a container or Dockerfile lab lists no wrong answer"),
        "{}",
        run.text
    );
    assert!(!run.text.contains("has no hint"), "{}", run.text);
    let strict = validate(&lab, true);
    assert_eq!(strict.code, Some(1), "{}", strict.text);
    assert!(
        strict.text.contains("--strict makes warnings fail"),
        "{}",
        strict.text
    );
}

#[test]
fn a_lab_with_no_hint_is_a_warning_and_a_faithful_lab_has_none() {
    let lab = OneLab::new(
        "[[check]]\nid = \"notes\"\nkind = \"file.exists\"\npath = \"docs/notes.md\"\n",
    );
    std::fs::write(lab.path("pack/lab/brief.md"), "Write `docs/notes.md`.\n").unwrap();
    let run = validate(&lab, true);
    assert_eq!(run.code, Some(1), "{}", run.text);
    assert!(run.text.contains("the lab has no hint"), "{}", run.text);
    assert!(!run.text.contains("never mentions"), "{}", run.text);

    let good = OneLab::new("hints = [\"Create the folder first.\"]\n\n[[check]]\nid = \"notes\"\nkind = \"file.exists\"\npath = \"docs/notes.md\"\n");
    std::fs::write(
        good.path("pack/lab/brief.md"),
        "Write `notes.md` in `docs/`.\n",
    )
    .unwrap();
    let run = validate(&good, true);
    assert_eq!(run.code, Some(0), "{}", run.text);
    assert!(!run.text.contains("warning"), "{}", run.text);
}
