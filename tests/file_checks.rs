//! File checks (`file.*`, `dockerfile.*`) against real files in temporary
//! workspaces: a CloudFormation template, a GitHub Actions workflow, a
//! Terraform file, TOML, a JSON dashboard and Dockerfiles.

mod common;

use std::path::Path;

use common::{assert_failed, assert_passed, outcome_in, parse_error};
use opslab::verify::Outcome;

const TEMPLATE: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Description: Log bucket with a read policy
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  LogBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AWS::StackName}-${Env}-logs"
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
  LogBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref LogBucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: !Join ["", [!GetAtt LogBucket.Arn, "/*"]]
  Queue:
    Type: AWS::SQS::Queue
Outputs:
  BucketArn:
    Value: !GetAtt [LogBucket, Arn]
    Export:
      Name: !Sub "${AWS::StackName}-bucket"
"#;

const WORKFLOW: &str = r#"name: ci
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - name: Build
        run: cargo build --locked
      - name: Test
        run: |
          cargo test --locked
          cargo clippy -- -D warnings
"#;

const TERRAFORM: &str = r#"variable "env" {
  type    = string
  default = "dev"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs-${var.env}"
  tags = {
    Env = var.env
  }
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;

const CONFIG: &str = r#"[server]
port = 8080
workers = 4
timeout = 2.5

[[upstream]]
name = "api"
url = "http://127.0.0.1:9000"
"#;

const DASHBOARD: &str = r#"{
  "title": "Web service",
  "refresh": "30s",
  "panels": [
    {"id": 1, "type": "timeseries", "title": "Request rate"},
    {"id": 2, "type": "timeseries", "title": "Latency p99"},
    {"id": 3, "type": "stat", "title": "Errors"}
  ]
}
"#;

const MULTI_STAGE: &str = r#"# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
COPY . .
RUN go build \
    -o /out/app \
    ./cmd/app

FROM alpine:3.20 AS runtime
RUN adduser -D -u 10001 app
COPY --from=build /out/app /usr/local/bin/app
USER app
HEALTHCHECK --interval=10s CMD ["wget", "-qO-", "http://localhost:8080/health"]
ENTRYPOINT ["app"]
"#;

const SINGLE_STAGE: &str =
    "FROM nginx\nCOPY site/ /usr/share/nginx/html/\nUSER root\nHEALTHCHECK NONE\n";

/// A workspace holding the given files.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn projects() -> tempfile::TempDir {
    workspace(&[
        ("infra/template.yaml", TEMPLATE),
        (".github/workflows/ci.yml", WORKFLOW),
        ("main.tf", TERRAFORM),
        ("config.toml", CONFIG),
        ("dashboard.json", DASHBOARD),
        ("Dockerfile", MULTI_STAGE),
        ("single/Dockerfile", SINGLE_STAGE),
        (
            ".dockerignore",
            "# keep the context small\n.git\ntarget/\n*.log\n",
        ),
    ])
}

/// Runs a check given by its kind-specific lines in `dir`.
fn check(dir: &Path, body: &str) -> Outcome {
    outcome_in(&format!("id = \"t\"\n{body}"), dir)
}

#[test]
fn exists_and_absent() {
    let ws = projects();
    let dir = ws.path();
    assert_passed(&check(dir, "kind = \"file.exists\"\npath = \"main.tf\""));
    assert_passed(&check(
        dir,
        "kind = \"file.exists\"\npath = \".github/workflows\"",
    ));
    let (expected, actual) =
        assert_failed(&check(dir, "kind = \"file.exists\"\npath = \"README.md\""));
    assert!(expected.contains("README.md"), "{expected}");
    assert!(
        actual.contains("no file or folder at `README.md`"),
        "{actual}"
    );

    assert_passed(&check(dir, "kind = \"file.absent\"\npath = \".env\""));
    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"file.absent\"\npath = \"config.toml\"",
    ));
    assert!(actual.contains("`config.toml` exists (a file)"), "{actual}");
}

#[test]
fn matches_and_not_matches() {
    let ws = projects();
    let dir = ws.path();
    assert_passed(&check(
        dir,
        "kind = \"file.matches\"\npath = \"Dockerfile\"\npattern = 'USER\\s+app'",
    ));
    let (expected, actual) = assert_failed(&check(
        dir,
        "kind = \"file.matches\"\npath = \"Dockerfile\"\npattern = 'EXPOSE \\d+'",
    ));
    assert!(expected.contains("/EXPOSE \\d+/"), "{expected}");
    assert!(
        actual.contains("nothing in `Dockerfile` (15 lines)"),
        "{actual}"
    );

    assert_passed(&check(
        dir,
        "kind = \"file.not_matches\"\npath = \"config.toml\"\npattern = '(?i)password'",
    ));
    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"file.not_matches\"\npath = \"config.toml\"\npattern = '127\\.0\\.0\\.1'",
    ));
    assert_eq!(actual, "line 8 matches: url = \"http://127.0.0.1:9000\"");

    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"file.matches\"\npath = \"nope.txt\"\npattern = 'x'",
    ));
    assert!(actual.contains("no file at `nope.txt`"), "{actual}");
    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"file.matches\"\npath = \"infra\"\npattern = 'x'",
    ));
    assert!(actual.contains("is a folder"), "{actual}");
}

#[test]
fn cloudformation_short_forms_are_queried_as_long_forms() {
    let ws = projects();
    let dir = ws.path();
    let q = |rest: &str| {
        check(
            dir,
            &format!("kind = \"file.query\"\npath = \"infra/template.yaml\"\n{rest}"),
        )
    };
    assert_passed(&q(
        "query = \"Resources.*.Type\"\nequals = \"AWS::S3::Bucket\"",
    ));
    assert_passed(&q(
        "query = \"Resources.LogBucketPolicy.Properties.Bucket.Ref\"\nequals = \"LogBucket\"",
    ));
    assert_passed(&q(
        "query = 'Resources.LogBucket.Properties.BucketName.\"Fn::Sub\"'\nmatches = '-logs$'",
    ));
    assert_passed(&q(
        "query = 'Outputs.BucketArn.Value.\"Fn::GetAtt\"'\nequals = [\"LogBucket\", \"Arn\"]",
    ));
    assert_passed(&q(
        "query = 'Resources.LogBucketPolicy.Properties.PolicyDocument.Statement[0].Resource.\"Fn::Join\"[1][0].\"Fn::GetAtt\"[1]'\nequals = \"Arn\"",
    ));
    assert_passed(&q(
        "query = 'Conditions.IsProd.\"Fn::Equals\"[0].Ref'\nequals = \"Env\"",
    ));
    assert_passed(&q("query = \"Resources\"\ncount_at_least = 3"));
    assert_passed(&q("query = \"Resources.*.Properties\"\ncount_at_least = 2"));

    let (expected, actual) = assert_failed(&q(
        "query = \"Resources.*.Type\"\nequals = \"AWS::EC2::Instance\"",
    ));
    assert!(
        expected.contains("equal to \"AWS::EC2::Instance\""),
        "{expected}"
    );
    assert!(
        actual.contains("Resources.LogBucket.Type = \"AWS::S3::Bucket\"")
            && actual.contains("Resources.Queue.Type = \"AWS::SQS::Queue\""),
        "{actual}"
    );
    let (_, actual) = assert_failed(&q("query = \"Resources.Queue.Properties\""));
    assert!(
        actual.contains("`Resources.Queue` has no key `Properties` (its keys: Type)"),
        "{actual}"
    );
    let (_, actual) = assert_failed(&q("query = \"Resources.*.Properties\"\ncount_at_least = 3"));
    assert_eq!(actual, "2 found");
}

#[test]
fn github_actions_workflow() {
    let ws = projects();
    let dir = ws.path();
    let q = |rest: &str| {
        check(
            dir,
            &format!("kind = \"file.query\"\npath = \".github/workflows/ci.yml\"\n{rest}"),
        )
    };
    assert_passed(&q("query = \"on.push.branches[0]\"\nequals = \"main\""));
    assert_passed(&q("query = \"on.pull_request\""));
    assert_passed(&q(
        "query = \"jobs.build.steps[*].run\"\nmatches = 'cargo test'",
    ));
    assert_passed(&q("query = \"jobs.build.steps\"\ncount_at_least = 3"));
    assert_passed(&q("query = \"jobs.build.container\"\nexists = false"));

    let (_, actual) = assert_failed(&q("query = \"jobs.test.steps\""));
    assert!(
        actual.contains("`jobs` has no key `test` (its keys: build)"),
        "{actual}"
    );
    let (_, actual) = assert_failed(&q(
        "query = \"jobs.build.steps[*].run\"\nmatches = 'cargo fmt'",
    ));
    assert!(
        actual.contains("jobs.build.steps[1].run = \"cargo build --locked\""),
        "{actual}"
    );
    let (expected, actual) = assert_failed(&q("query = \"jobs.build.runs-on\"\nexists = false"));
    assert!(expected.contains("no `jobs.build.runs-on`"), "{expected}");
    assert!(actual.contains("ubuntu-24.04"), "{actual}");
    let (_, actual) = assert_failed(&q("query = \"jobs.build.steps[7]\""));
    assert!(actual.contains("has 3 items"), "{actual}");
}

#[test]
fn terraform_toml_and_json() {
    let ws = projects();
    let dir = ws.path();
    let q = |path: &str, rest: &str| {
        check(
            dir,
            &format!("kind = \"file.query\"\npath = \"{path}\"\n{rest}"),
        )
    };
    assert_passed(&q(
        "main.tf",
        "query = \"resource.aws_s3_bucket.logs.bucket\"\nmatches = '^acme-logs-'",
    ));
    assert_passed(&q(
        "main.tf",
        "query = \"resource.aws_s3_bucket.logs.tags.Env\"\nequals = '${var.env}'",
    ));
    assert_passed(&q(
        "main.tf",
        "query = \"resource.aws_s3_bucket_versioning.logs.versioning_configuration.status\"\nequals = \"Enabled\"",
    ));
    let (_, actual) = assert_failed(&q("main.tf", "query = \"resource.aws_s3_bucket.logs.acl\""));
    assert!(actual.contains("has no key `acl`"), "{actual}");

    assert_passed(&q("config.toml", "query = \"server.port\"\nequals = 8080"));
    assert_passed(&q(
        "config.toml",
        "query = \"server.port\"\nequals = 8080.0",
    ));
    assert_passed(&q(
        "config.toml",
        "query = \"upstream[0].name\"\nequals = \"api\"",
    ));
    let (_, actual) = assert_failed(&q("config.toml", "query = \"server.port\"\nequals = 9090"));
    assert_eq!(actual, "server.port = 8080");
    let (_, actual) = assert_failed(&q(
        "config.toml",
        "query = \"server.timeout\"\nequals = \"2.5\"",
    ));
    assert_eq!(actual, "server.timeout = 2.5");

    assert_passed(&q(
        "dashboard.json",
        "query = \"refresh\"\nequals = \"30s\"",
    ));
    assert_passed(&q(
        "dashboard.json",
        "query = \"panels[*].title\"\nmatches = '(?i)latency'",
    ));
    assert_passed(&q(
        "dashboard.json",
        "query = \"panels\"\ncount_at_least = 3",
    ));
    let (_, actual) = assert_failed(&q(
        "dashboard.json",
        "query = \"panels[*].type\"\nequals = \"heatmap\"",
    ));
    assert!(
        actual.contains("panels[0].type = \"timeseries\""),
        "{actual}"
    );
    assert!(actual.contains("panels[2].type = \"stat\""), "{actual}");
}

#[test]
fn a_broken_document_fails_with_its_line() {
    let ws = workspace(&[
        ("bad.yaml", "a: 1\n  b: 2\n"),
        ("bad.json", "{\n  \"a\": 1,\n}\n"),
        ("bad.toml", "[server]\nport = \n"),
        ("bad.tf", "resource \"x\" \"y\" {\n  a = \n}\n"),
        ("template.cfn", "Resources: {}\n"),
    ]);
    for name in ["bad.yaml", "bad.json", "bad.toml", "bad.tf"] {
        let (expected, actual) = assert_failed(&check(
            ws.path(),
            &format!("kind = \"file.query\"\npath = \"{name}\"\nquery = \"a\""),
        ));
        assert!(expected.contains("is valid"), "{expected}");
        assert!(
            actual.starts_with(&format!("{name} does not parse: ")),
            "{actual}"
        );
        assert!(
            actual.contains("line 2") || actual.contains("line 3"),
            "{actual}"
        );
    }
    assert_passed(&check(
        ws.path(),
        "kind = \"file.query\"\npath = \"template.cfn\"\nformat = \"yaml\"\nquery = \"Resources\"",
    ));
}

#[test]
fn query_mistakes_are_load_errors() {
    let two = parse_error(
        "id = \"q\"\nkind = \"file.query\"\npath = \"a.yaml\"\nquery = \"a\"\nequals = 1\nexists = true",
    );
    assert!(two.contains("give only one of"), "{two}");
    let unknown =
        parse_error("id = \"q\"\nkind = \"file.query\"\npath = \"a.conf\"\nquery = \"a\"");
    assert!(
        unknown.contains("add `format = ` with one of \"json\", \"yaml\", \"toml\", \"hcl\""),
        "{unknown}"
    );
    let bad = parse_error("id = \"q\"\nkind = \"file.query\"\npath = \"a.json\"\nquery = \"a..b\"");
    assert!(bad.contains("empty key at position 2"), "{bad}");
    let field = parse_error(
        "id = \"q\"\nkind = \"file.query\"\npath = \"a.json\"\nquery = \"a\"\nequal = 1",
    );
    assert!(field.contains("equal"), "{field}");
    let stages = parse_error("id = \"s\"\nkind = \"dockerfile.stages\"");
    assert!(stages.contains("at_least"), "{stages}");
    let escape = parse_error("id = \"e\"\nkind = \"file.exists\"\npath = \"../etc/passwd\"");
    assert!(escape.contains(".."), "{escape}");
}

#[test]
fn dockerfile_stages_and_base() {
    let ws = projects();
    let dir = ws.path();
    assert_passed(&check(dir, "kind = \"dockerfile.stages\"\nat_least = 2"));
    assert_passed(&check(
        dir,
        "kind = \"dockerfile.stages\"\nat_least = 2\nat_most = 2",
    ));
    let (expected, actual) =
        assert_failed(&check(dir, "kind = \"dockerfile.stages\"\nat_most = 1"));
    assert!(expected.contains("at most 1 build stages"), "{expected}");
    assert_eq!(actual, "2 stages (FROM on lines 3, 10)");
    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"dockerfile.stages\"\npath = \"single/Dockerfile\"\nat_least = 2",
    ));
    assert_eq!(actual, "1 stage (FROM on line 1)");

    assert_passed(&check(
        dir,
        "kind = \"dockerfile.base\"\nimage = '^alpine:3\\.'",
    ));
    let (expected, actual) = assert_failed(&check(
        dir,
        "kind = \"dockerfile.base\"\nimage = '^golang:'",
    ));
    assert!(expected.contains("/^golang:/"), "{expected}");
    assert_eq!(
        actual,
        "the final stage (line 10) is built on `alpine:3.20`"
    );

    let ws2 = workspace(&[(
        "Dockerfile",
        "FROM node:20-slim AS base\nWORKDIR /app\nFROM base\nCMD [\"node\", \"server.js\"]\n",
    )]);
    assert_passed(&check(
        ws2.path(),
        "kind = \"dockerfile.base\"\nimage = '^node:20'",
    ));
    let (_, actual) = assert_failed(&check(
        ws2.path(),
        "kind = \"dockerfile.base\"\nimage = 'alpine'",
    ));
    assert!(
        actual.contains("`node:20-slim` (through stage `base`)"),
        "{actual}"
    );
    let empty = workspace(&[("Dockerfile", "# nothing yet\n")]);
    let (_, actual) = assert_failed(&check(
        empty.path(),
        "kind = \"dockerfile.base\"\nimage = 'x'",
    ));
    assert!(actual.contains("no FROM line"), "{actual}");
}

#[test]
fn dockerfile_user_and_healthcheck() {
    let ws = projects();
    let dir = ws.path();
    let single = "path = \"single/Dockerfile\"";
    assert_passed(&check(dir, "kind = \"dockerfile.user\""));
    let (_, actual) = assert_failed(&check(
        dir,
        &format!("kind = \"dockerfile.user\"\n{single}"),
    ));
    assert_eq!(actual, "line 3: USER root is root");
    let no_user = workspace(&[(
        "Dockerfile",
        "FROM alpine:3.20\nUSER app\nFROM alpine:3.20\nCMD [\"sh\"]\n",
    )]);
    let (expected, actual) = assert_failed(&check(no_user.path(), "kind = \"dockerfile.user\""));
    assert!(expected.contains("non-root USER"), "{expected}");
    assert!(actual.contains("no USER in the final stage"), "{actual}");
    let uid_zero = workspace(&[("Dockerfile", "FROM alpine:3.20\nuser 0:0\n")]);
    let (_, actual) = assert_failed(&check(uid_zero.path(), "kind = \"dockerfile.user\""));
    assert!(actual.contains("USER 0:0 is root"), "{actual}");

    assert_passed(&check(dir, "kind = \"dockerfile.healthcheck\""));
    let (_, actual) = assert_failed(&check(
        dir,
        &format!("kind = \"dockerfile.healthcheck\"\n{single}"),
    ));
    assert_eq!(
        actual,
        "line 4: HEALTHCHECK NONE turns the health check off"
    );
    let (_, actual) = assert_failed(&check(no_user.path(), "kind = \"dockerfile.healthcheck\""));
    assert_eq!(actual, "no HEALTHCHECK in the final stage");
}

/// The probe's own advice of a failed outcome.
fn advice(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Failed { hint, also, .. } => format!("{hint:?} {also:?}"),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn dockerfile_advice_never_contradicts_the_image_it_reads() {
    // The server listens on the port the image EXPOSEs: the example
    // healthcheck probes that port, not port 80.
    let served = workspace(&[(
        "Dockerfile",
        "FROM opslab/base:1\nEXPOSE 8080\nCMD [\"httpd\", \"-f\", \"-p\", \"8080\"]\n",
    )]);
    let said = advice(&check(served.path(), "kind = \"dockerfile.healthcheck\""));
    assert!(said.contains("http://localhost:8080/"), "{said}");
    assert!(!said.contains("http://localhost/"), "{said}");
    // With no EXPOSE the example names no port of its own choosing.
    let unknown = workspace(&[("Dockerfile", "FROM opslab/base:1\nCMD [\"sh\"]\n")]);
    let said = advice(&check(unknown.path(), "kind = \"dockerfile.healthcheck\""));
    assert!(said.contains("localhost:PORT"), "{said}");
    // The user to run as is the image's own: no made-up uid is suggested.
    let said = advice(&check(unknown.path(), "kind = \"dockerfile.user\""));
    assert!(!said.contains("10001"), "{said}");
    assert!(said.contains("non-root user of the image"), "{said}");
}

#[test]
fn dockerfile_no_latest_and_dockerignore() {
    let ws = projects();
    let dir = ws.path();
    assert_passed(&check(dir, "kind = \"dockerfile.no_latest\""));
    let scratch = workspace(&[(
        "Dockerfile",
        "FROM busybox@sha256:0123456789abcdef AS tools\nFROM tools AS again\nFROM scratch\nCOPY --from=tools /bin/busybox /bin/\n",
    )]);
    assert_passed(&check(scratch.path(), "kind = \"dockerfile.no_latest\""));
    let (_, actual) = assert_failed(&check(
        dir,
        "kind = \"dockerfile.no_latest\"\npath = \"single/Dockerfile\"",
    ));
    assert_eq!(
        actual,
        "line 1: FROM nginx has no tag, so it means nginx:latest"
    );
    let latest = workspace(&[(
        "Dockerfile",
        "FROM node:latest AS build\nFROM localhost:5000/base\n",
    )]);
    let (_, actual) = assert_failed(&check(latest.path(), "kind = \"dockerfile.no_latest\""));
    assert!(actual.contains("line 1: FROM node:latest"), "{actual}");
    assert!(
        actual.contains("line 2: FROM localhost:5000/base has no tag"),
        "{actual}"
    );

    assert_passed(&check(
        dir,
        "kind = \"dockerfile.dockerignore\"\nentries = [\".git\", \"target\", \"*.log\"]",
    ));
    let (expected, actual) = assert_failed(&check(
        dir,
        "kind = \"dockerfile.dockerignore\"\nentries = [\".git\", \"node_modules\", \".env\"]",
    ));
    assert!(expected.contains(".git, node_modules, .env"), "{expected}");
    assert_eq!(
        actual,
        "missing node_modules, .env (the file lists: .git, target/, *.log)"
    );
    let none = workspace(&[]);
    let (_, actual) = assert_failed(&check(
        none.path(),
        "kind = \"dockerfile.dockerignore\"\nentries = [\".git\"]",
    ));
    assert!(actual.contains("no file at `.dockerignore`"), "{actual}");
}
