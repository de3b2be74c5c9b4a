//! Operands Docker reads the same way, written differently: `EXPOSE 80/tcp`
//! is `EXPOSE 80`, the legacy `ENV MODE prod` is `ENV MODE=prod`, a quoted
//! `WORKDIR "/app"` is `WORKDIR /app`, `COPY ./app/ .` is `COPY app .`, and
//! `USER app:app` runs as the user `USER app` asks for. An author's
//! instruction is matched by what it means, not by its spelling.

/// Whether the operands of an instruction found in the learner's Dockerfile
/// (`found`) mean what the author's `wanted` operands ask for, for
/// instructions of `keyword` (upper case).
pub fn same_operands(keyword: &str, found: &[String], wanted: &[String]) -> bool {
    let found = canonical(keyword, found);
    let wanted = canonical(keyword, wanted);
    found.len() == wanted.len()
        && found
            .iter()
            .zip(&wanted)
            .all(|(f, w)| same_word(keyword, f, w))
}

fn same_word(keyword: &str, found: &str, wanted: &str) -> bool {
    match keyword {
        // A wanted user without a group is satisfied by that user in any
        // group, as `container.user` judges it.
        "USER" if !wanted.contains(':') => found.split(':').next() == Some(wanted),
        _ => found == wanted,
    }
}

/// The operands in one spelling per meaning.
fn canonical(keyword: &str, words: &[String]) -> Vec<String> {
    match keyword {
        "EXPOSE" => words.iter().map(|w| exposed_port(&unquote(w))).collect(),
        "ENV" => env_pairs(words),
        "COPY" | "ADD" | "WORKDIR" | "VOLUME" => words
            .iter()
            .map(|w| path_word(&unquote(w)).to_string())
            .collect(),
        "USER" => words.iter().map(|w| unquote(w)).collect(),
        _ => words.to_vec(),
    }
}

/// `80/tcp` is `80` (TCP is the default protocol); `80/UDP` is `80/udp`.
fn exposed_port(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    match lower.strip_suffix("/tcp") {
        Some(port) => port.to_string(),
        None => lower,
    }
}

/// `ENV K=V K2="V 2"` and the legacy `ENV K V W` (one variable, its value
/// the rest of the line) as `K=V` words with unquoted values.
fn env_pairs(words: &[String]) -> Vec<String> {
    match words.first() {
        Some(first) if !first.contains('=') => {
            let value = unquote(&words[1..].join(" "));
            vec![format!("{first}={value}")]
        }
        _ => words
            .iter()
            .map(|w| match w.split_once('=') {
                Some((k, v)) => format!("{k}={}", unquote(v)),
                None => w.clone(),
            })
            .collect(),
    }
}

/// A word in one pair of matching double or single quotes, without them.
fn unquote(word: &str) -> String {
    for q in ['"', '\''] {
        if word.len() >= 2 && word.starts_with(q) && word.ends_with(q) {
            return word[1..word.len() - 1].to_string();
        }
    }
    word.to_string()
}

/// `./`, `.` and trailing slashes do not change what a COPY path names:
/// `./app/` and `app` are one word, as are `./` and `.`.
fn path_word(word: &str) -> &str {
    let w = word
        .strip_prefix("./")
        .filter(|r| !r.is_empty())
        .unwrap_or(word);
    let w = if w == "./" { "." } else { w };
    if w.len() > 1 {
        w.trim_end_matches('/')
    } else {
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(keyword: &str, found: &[&str], wanted: &[&str]) -> bool {
        let owned = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        same_operands(keyword, &owned(found), &owned(wanted))
    }

    #[test]
    fn spellings_docker_reads_alike_are_one() {
        assert!(same("EXPOSE", &["80/tcp"], &["80"]));
        assert!(!same("EXPOSE", &["80/udp"], &["80"]));
        assert!(same("ENV", &["MODE", "prod"], &["MODE=prod"]));
        assert!(same("ENV", &["MODE=\"prod\""], &["MODE=prod"]));
        assert!(!same("ENV", &["MODE", "dev"], &["MODE=prod"]));
        assert!(same("WORKDIR", &["\"/app\""], &["/app"]));
        assert!(same("USER", &["app:grp"], &["app"]));
        assert!(!same("USER", &["app"], &["app:grp"]));
        assert!(!same("USER", &["application"], &["app"]));
    }
}
