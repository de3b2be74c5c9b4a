#!/bin/sh
# synth.sh: an offline stand-in for `npx cdk synth`.
#
# Like the CDK CLI it reads cdk.json, finds the app entry its "app" command
# runs, follows `new Stack(app, 'Id')` into lib/, walks the construct tree
# (`new Something(this, 'Id', { ... })`) and writes the CloudFormation
# template to cdk.out/<StackId>.template.json, with CDK-style logical IDs
# and an "aws:cdk:path" for every resource.
#
# It understands only what this lab needs: one class per file under lib/,
# s3.Bucket (with `versioned: true`), sqs.Queue and sns.Topic. Real CDK
# runs your TypeScript; this script only reads it.
set -e
cd "$(dirname "$0")"

fail() { echo "synth: $*" >&2; exit 1; }

[ -f cdk.json ] || fail "no cdk.json here: the CDK CLI reads it to know how to run your app (its \"app\" key)"
entry=$(sed -n 's/.*"app"[^"]*"[^"]*[^A-Za-z0-9_./-]\(bin\/[A-Za-z0-9_./-]*\.ts\).*/\1/p' cdk.json | head -n 1)
[ -n "$entry" ] || fail "cdk.json has no \"app\" command running a bin/<name>.ts entry, e.g. \"app\": \"npx ts-node --prefer-ts-exts bin/app.ts\""
[ -f "$entry" ] || fail "cdk.json's app runs $entry, but there is no file $entry"
ls lib/*.ts >/dev/null 2>&1 || fail "no lib/*.ts file: the stack and constructs live in lib/"

mkdir -p cdk.out
awk -v entry="$entry" -v out="cdk.out" '
function fail(msg) { print "synth: " msg > "/dev/stderr"; failed = 1; exit 1 }
function hash(s,   a, b, i, c) {
  a = 5381; b = 7
  for (i = 1; i <= length(s); i++) {
    c = ord[substr(s, i, 1)]
    a = (a * 33 + c) % 65521; b = (b * 31 + c) % 65519
  }
  return sprintf("%04X%04X", a, b)
}
function cfn_type(cls) {
  if (cls == "s3.Bucket") return "AWS::S3::Bucket"
  if (cls == "sqs.Queue") return "AWS::SQS::Queue"
  if (cls == "sns.Topic") return "AWS::SNS::Topic"
  return ""
}
# Every `new Class(this, "Id", props)` in file f, in order, as "Class|Id|props" lines in calls[].
function scan(f,   text, n, m, head, rest, cls, id, props, depth, i, c) {
  text = src[f]; n = 0
  while (match(text, /new[ \t\n]+[A-Za-z0-9_.]+[ \t\n]*\([ \t\n]*this[ \t\n]*,[ \t\n]*["\047][A-Za-z0-9_]+["\047]/)) {
    head = substr(text, RSTART, RLENGTH); rest = substr(text, RSTART + RLENGTH)
    sub(/^new[ \t\n]+/, "", head)
    cls = head; sub(/[ \t\n]*\(.*/, "", cls)
    id = head; sub(/^[^"\047]*["\047]/, "", id); sub(/["\047]$/, "", id)
    props = ""; depth = 1
    for (i = 1; i <= length(rest) && depth > 0; i++) {
      c = substr(rest, i, 1)
      if (c == "(") depth++
      if (c == ")") depth--
      if (depth > 0) props = props c
    }
    n++; ncall[f] = n; ccls[f, n] = cls; cid[f, n] = id; cprops[f, n] = props
    text = rest
  }
}
function walk(f, path, depth,   i, cls, id, p, logical, t) {
  if (depth > 8) fail("constructs nest more than 8 levels under " path)
  scan(f)
  for (i = 1; i <= ncall[f]; i++) {
    cls = ccls[f, i]; id = cid[f, i]; p = path "/" id
    t = cfn_type(cls)
    if (t != "") {
      logical = p; sub(/^[^\/]*\//, "", logical); gsub(/[^A-Za-z0-9]/, "", logical)
      logical = logical hash(p)
      emit(logical, t, cprops[f, i], p "/Resource")
    } else if (cls in classfile) {
      walk(classfile[cls], p, depth + 1)
    } else if (cls ~ /\./) {
      fail(f ": this stand-in does not know " cls " (it knows s3.Bucket, sqs.Queue and sns.Topic)")
    } else {
      fail(f ": new " cls "(this, \"" id "\") but no file in lib/ declares `class " cls " extends ...`")
    }
  }
}
function emit(logical, t, props, cdkpath,   body) {
  body = ""
  if (t == "AWS::S3::Bucket" && props ~ /versioned[ \t\n]*:[ \t\n]*true/)
    body = body "      \"Properties\": {\n        \"VersioningConfiguration\": {\n          \"Status\": \"Enabled\"\n        }\n      },\n"
  if (t == "AWS::S3::Bucket") body = body "      \"UpdateReplacePolicy\": \"Retain\",\n      \"DeletionPolicy\": \"Retain\",\n"
  if (t == "AWS::SQS::Queue") body = body "      \"UpdateReplacePolicy\": \"Delete\",\n      \"DeletionPolicy\": \"Delete\",\n"
  nres++
  res[nres] = "    \"" logical "\": {\n      \"Type\": \"" t "\",\n" body "      \"Metadata\": {\n        \"aws:cdk:path\": \"" cdkpath "\"\n      }\n    }"
}
BEGIN { for (i = 32; i < 127; i++) ord[sprintf("%c", i)] = i }
FNR == 1 { files[++nfiles] = FILENAME }
{ src[FILENAME] = src[FILENAME] $0 "\n" }
END {
  if (failed) exit 1
  for (k = 1; k <= nfiles; k++) {
    f = files[k]; t = src[f]
    while (match(t, /class[ \t\n]+[A-Za-z0-9_]+[ \t\n]+extends/)) {
      c = substr(t, RSTART, RLENGTH); sub(/^class[ \t\n]+/, "", c); sub(/[ \t\n]+extends$/, "", c)
      classfile[c] = f; t = substr(t, RSTART + RLENGTH)
    }
  }
  e = src[entry]
  if (e !~ /new[ \t\n]+(cdk\.)?App[ \t\n]*\(/) fail(entry " creates no App: `const app = new cdk.App();`")
  if (!match(e, /new[ \t\n]+[A-Za-z0-9_]+[ \t\n]*\([ \t\n]*[A-Za-z0-9_]+[ \t\n]*,[ \t\n]*["\047][A-Za-z0-9_-]+["\047]/))
    fail(entry " creates no stack: `new MyStack(app, \"MyStack\");`")
  head = substr(e, RSTART, RLENGTH); sub(/^new[ \t\n]+/, "", head)
  stack = head; sub(/[ \t\n]*\(.*/, "", stack)
  sid = head; sub(/^[^"\047]*["\047]/, "", sid); sub(/["\047]$/, "", sid)
  if (!(stack in classfile)) fail(entry " creates a " stack ", but no file in lib/ declares `class " stack " extends cdk.Stack`")
  walk(classfile[stack], sid, 0)
  if (nres == 0) fail(classfile[stack] ": the stack " sid " declares no resource")
  tpl = out "/" sid ".template.json"
  printf "{\n  \"Resources\": {\n" > tpl
  for (i = 1; i <= nres; i++) printf "%s%s\n", res[i], (i < nres ? "," : "") > tpl
  printf "  }\n}\n" > tpl
  print "synth: wrote " tpl " (" nres " resources)"
}' "$entry" lib/*.ts
