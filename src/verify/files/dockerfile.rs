//! A small Dockerfile reader: instructions with their line numbers, grouped
//! into build stages. It knows line continuations (`\`, or the character an
//! `# escape=` directive names), comments, case-insensitive keywords,
//! `FROM [--platform=...] image [AS name]`, here-documents (`RUN <<EOF`),
//! global `ARG` defaults used in `FROM`, and JSON (exec) versus shell form.

use std::collections::HashMap;

/// One instruction: `keyword` in upper case, `args` with continuations joined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// 1-based line where the instruction starts.
    pub line: usize,
    pub keyword: String,
    pub args: String,
}

impl Instruction {
    /// The arguments as words: the JSON (exec) form when the arguments are a
    /// JSON list of strings, otherwise split on white space (shell form).
    pub fn words(&self) -> Vec<String> {
        if self.args.starts_with('[') {
            if let Ok(list) = serde_json::from_str::<Vec<String>>(&self.args) {
                return list;
            }
        }
        self.args.split_whitespace().map(str::to_string).collect()
    }
}

/// A `FROM` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct From {
    pub line: usize,
    /// The image as written, with global `ARG` defaults filled in.
    pub image: String,
    /// The stage name after `AS`, if any.
    pub name: Option<String>,
}

/// A build stage: its `FROM` and the instructions after it.
#[derive(Clone, Debug)]
pub struct Stage {
    pub from: From,
    pub instructions: Vec<Instruction>,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug)]
pub struct Dockerfile {
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    pub fn parse(text: &str) -> Dockerfile {
        let instructions = instructions(text);
        let mut globals = HashMap::new();
        let mut stages: Vec<Stage> = Vec::new();
        for inst in instructions {
            if inst.keyword == "FROM" {
                stages.push(Stage {
                    from: parse_from(&inst, &globals),
                    instructions: Vec::new(),
                });
            } else if let Some(stage) = stages.last_mut() {
                stage.instructions.push(inst);
            } else if inst.keyword == "ARG" {
                record_arg(&inst.args, &mut globals);
            }
        }
        Dockerfile { stages }
    }

    /// The stage a `FROM` refers to when it names an earlier stage.
    pub fn stage_named(&self, name: &str, before: usize) -> Option<usize> {
        self.stages[..before.min(self.stages.len())]
            .iter()
            .rposition(|s| {
                s.from
                    .name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
    }

    /// The final stage and the earlier stages it is built on, nearest first.
    pub fn final_chain(&self) -> Vec<&Stage> {
        let mut chain = Vec::new();
        let mut index = self.stages.len().checked_sub(1);
        while let Some(i) = index {
            chain.push(&self.stages[i]);
            index = self.stage_named(&self.stages[i].from.image, i);
        }
        chain
    }
}

/// Splits the text into instructions.
pub fn instructions(text: &str) -> Vec<Instruction> {
    let escape = escape_char(text);
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    while let Some((index, raw)) = lines.next() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut logical = String::new();
        let mut current = trimmed.to_string();
        loop {
            match current.strip_suffix(escape) {
                Some(head) => {
                    logical.push_str(head);
                    logical.push(' ');
                    match next_content_line(&mut lines) {
                        Some(next) => current = next,
                        None => break,
                    }
                }
                None => {
                    logical.push_str(&current);
                    break;
                }
            }
        }
        let (keyword, args) = logical
            .split_once(char::is_whitespace)
            .unwrap_or((&logical, ""));
        let inst = Instruction {
            line: index + 1,
            keyword: keyword.to_ascii_uppercase(),
            args: args.trim().to_string(),
        };
        skip_heredocs(&inst.args, &mut lines);
        out.push(inst);
    }
    out
}

type Lines<'a> = std::iter::Peekable<std::iter::Enumerate<std::str::Lines<'a>>>;

/// The next line of a continuation; comment and empty lines inside one are
/// skipped, as Docker does.
fn next_content_line(lines: &mut Lines) -> Option<String> {
    for (_, raw) in lines.by_ref() {
        let t = raw.trim();
        if !t.is_empty() && !t.starts_with('#') {
            return Some(t.to_string());
        }
    }
    None
}

/// The escape character from a leading `# escape=` directive, or `\`.
fn escape_char(text: &str) -> char {
    for line in text.lines() {
        let Some(directive) = line.trim().strip_prefix('#') else {
            break;
        };
        let Some((key, value)) = directive.split_once('=') else {
            break;
        };
        if key.trim().eq_ignore_ascii_case("escape") {
            return value.trim().chars().next().unwrap_or('\\');
        }
    }
    '\\'
}

/// Skips the bodies of here-documents opened in `args` (`<<EOF`, `<<-EOF`,
/// `<<"EOF"`), so their lines are not read as instructions.
fn skip_heredocs(args: &str, lines: &mut Lines) {
    for marker in heredoc_markers(args) {
        for (_, raw) in lines.by_ref() {
            if raw.trim() == marker {
                break;
            }
        }
    }
}

fn heredoc_markers(args: &str) -> Vec<String> {
    let mut markers = Vec::new();
    let mut rest = args;
    while let Some(at) = rest.find("<<") {
        let after = rest[at + 2..].trim_start_matches('-');
        let word: String = after
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !word.is_empty() {
            markers.push(word);
        }
        rest = &rest[at + 2..];
    }
    markers
}

fn parse_from(inst: &Instruction, globals: &HashMap<String, String>) -> From {
    let words: Vec<&str> = inst
        .args
        .split_whitespace()
        .filter(|w| !w.starts_with("--"))
        .collect();
    let image = words
        .first()
        .map(|w| expand(w, globals))
        .unwrap_or_default();
    let name = match words.as_slice() {
        [_, as_word, name, ..] if as_word.eq_ignore_ascii_case("as") => Some(name.to_string()),
        _ => None,
    };
    From {
        line: inst.line,
        image,
        name,
    }
}

fn record_arg(args: &str, globals: &mut HashMap<String, String>) {
    for decl in args.split_whitespace() {
        if let Some((name, value)) = decl.split_once('=') {
            let value = value.trim_matches(['"', '\'']);
            globals.insert(name.to_string(), value.to_string());
        }
    }
}

/// Fills `$NAME`, `${NAME}` and `${NAME:-default}` from the global ARGs;
/// unknown names stay as written.
fn expand(word: &str, vars: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = word;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, default, used) = if let Some(body) = after.strip_prefix('{') {
            match body.find('}') {
                Some(end) => {
                    let inner = &body[..end];
                    let (name, default) = match inner.split_once(":-") {
                        Some((n, d)) => (n, Some(d)),
                        None => (inner, None),
                    };
                    (name, default, end + 2)
                }
                None => (body, None, after.len()),
            }
        } else {
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            (&after[..len], None, len)
        };
        match vars.get(name).map(String::as_str).or(default) {
            Some(value) => out.push_str(value),
            None => out.push_str(&rest[at..at + 1 + used]),
        }
        rest = &after[used..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MULTI: &str = r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
# a comment inside the stage
RUN apk add --no-cache git \
    # a comment inside a continuation
    make && \
    go build -o /app .
RUN <<EOF
echo FROM inside a heredoc
EOF

from alpine:3.20 as Runtime
copy --from=build /app /app
USER app:app
HEALTHCHECK --interval=30s CMD ["wget", "-qO-", "http://localhost/"]
CMD ["/app"]
"#;

    #[test]
    fn stages_and_names() {
        let file = Dockerfile::parse(MULTI);
        assert_eq!(file.stages.len(), 2);
        let build = &file.stages[0].from;
        assert_eq!(build.image, "golang:1.22-alpine");
        assert_eq!(build.name.as_deref(), Some("build"));
        assert_eq!(build.line, 3);
        let runtime = &file.stages[1].from;
        assert_eq!(runtime.image, "alpine:3.20");
        assert_eq!(runtime.name.as_deref(), Some("Runtime"));
        assert_eq!(runtime.line, 14);
    }

    #[test]
    fn continuations_comments_and_heredocs() {
        let file = Dockerfile::parse(MULTI);
        let build = &file.stages[0].instructions;
        let keywords: Vec<&str> = build.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(keywords, ["WORKDIR", "RUN", "RUN"]);
        assert_eq!(build[1].line, 6);
        assert_eq!(
            build[1].words().join(" "),
            "apk add --no-cache git make && go build -o /app ."
        );
        let runtime = &file.stages[1].instructions;
        assert_eq!(runtime[0].keyword, "COPY");
        assert_eq!(runtime[1].args, "app:app");
    }

    #[test]
    fn json_and_shell_forms() {
        let file = Dockerfile::parse(MULTI);
        let health = &file.stages[1].instructions[2];
        assert_eq!(health.keyword, "HEALTHCHECK");
        let cmd = &file.stages[1].instructions[3];
        assert_eq!(cmd.words(), ["/app"]);
        let shell = Instruction {
            line: 1,
            keyword: "CMD".into(),
            args: "[not json".into(),
        };
        assert_eq!(shell.words(), ["[not", "json"]);
    }

    #[test]
    fn final_chain_follows_stage_names() {
        let file = Dockerfile::parse(
            "FROM node:20 AS base\nUSER node\nFROM base AS test\nFROM base\nCMD x\n",
        );
        let chain = file.final_chain();
        assert_eq!(chain.len(), 2);
        assert_eq!(chain[1].from.image, "node:20");
        assert!(Dockerfile::parse("").final_chain().is_empty());
    }

    #[test]
    fn escape_directive_and_args() {
        let file = Dockerfile::parse(
            "# escape=`\nARG BASE\nARG TAG=\"ltsc2022\"\nFROM mcr.microsoft.com/windows/servercore:${TAG}\nRUN dir `\n  c:\\\n",
        );
        assert_eq!(
            file.stages[0].from.image,
            "mcr.microsoft.com/windows/servercore:ltsc2022"
        );
        assert_eq!(file.stages[0].instructions[0].args, "dir  c:\\");
        let vars = HashMap::from([("A".to_string(), "x".to_string())]);
        assert_eq!(expand("$A-${B:-y}-${C}-$A", &vars), "x-y-${C}-x");
    }

    #[test]
    fn crlf_reads_as_its_lf_twin() {
        let lf = Dockerfile::parse(MULTI);
        let crlf = Dockerfile::parse(&MULTI.replace('\n', "\r\n"));
        let shape = |f: &Dockerfile| -> Vec<(usize, String, Vec<Instruction>)> {
            f.stages
                .iter()
                .map(|s| (s.from.line, s.from.image.clone(), s.instructions.clone()))
                .collect()
        };
        assert_eq!(shape(&crlf), shape(&lf));
    }
}
