#!/bin/sh
# Validate every line of each FILE (escapewatch watch --format=scc output)
# against schema/finding-scc.schema.json with Debian's python3-jsonschema
# (tests/deps.sh installs it).  Prints "ok schema: N findings in FILE" or
# "not ok schema: ..." for each file, details as "#" lines; exits non-zero
# if any file fails.  /usr/bin/python3 on purpose: another python may come
# first on PATH, without Debian's modules.
#   schema-check.sh FILE...
set -u
here=$(cd "$(dirname "$0")" && pwd)
schema=$here/../schema/finding-scc.schema.json
if [ $# -eq 0 ]; then
	echo "not ok schema: no files given (usage: schema-check.sh FILE...)"
	exit 1
fi
exec /usr/bin/python3 - "$schema" "$@" <<'PY'
import json
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:
    print("not ok schema: no jsonschema module for /usr/bin/python3 "
          "(apt-get install python3-jsonschema)")
    sys.exit(1)

schema_path, files = sys.argv[1], sys.argv[2:]
try:
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
except Exception as e:
    print(f"not ok schema: {schema_path}: {e}".splitlines()[0])
    sys.exit(1)
validator = Draft202012Validator(schema)
status = 0

def where(err):
    return "/".join(str(p) for p in err.absolute_path) or "(top)"

for name in files:
    findings = others = 0
    problems = []
    try:
        with open(name, "rb") as f:
            data = f.read()
    except OSError as e:
        print(f"not ok schema: {name}: {e.strerror}")
        status = 1
        continue
    for no, raw in enumerate(data.split(b"\n"), 1):
        if not raw:
            continue
        try:
            obj = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            problems.append(f"{name}:{no}: not a JSON line of UTF-8: {e}")
            continue
        errors = list(validator.iter_errors(obj))
        if errors:
            # oneOf hides why: check against the branch the line claims
            kind = obj.get("kind") if isinstance(obj, dict) else None
            branch = ("finding" if isinstance(obj, dict) and "category" in obj
                      else kind if kind in ("lost", "malformed") else None)
            if branch is None:
                problems.append(f"{name}:{no}: neither a finding nor a lost "
                                "or malformed report")
                continue
            sub = Draft202012Validator({"$defs": schema["$defs"],
                                        "$ref": f"#/$defs/{branch}"})
            for e in (list(sub.iter_errors(obj)) or errors)[:3]:
                problems.append(f"{name}:{no}: at {where(e)}: {e.message[:200]}")
            continue
        if obj.get("kind") in ("lost", "malformed"):
            others += 1
        else:
            findings += 1
    if not data.endswith(b"\n") and data:
        problems.append(f"{name}: the last line has no newline")
    if problems:
        print(f"not ok schema: {name}: {len(problems)} problem(s)")
        for p in problems[:20]:
            print(f"#   {p}")
        status = 1
    elif not findings:
        print(f"not ok schema: {name}: no findings")
        status = 1
    else:
        extra = f" (and {others} lost/malformed reports)" if others else ""
        print(f"ok schema: {findings} findings in {name}{extra}")
sys.exit(status)
PY
