#!/usr/bin/python3
# Checks documents printed by `schemactl ... --format json` against their JSON
# Schema (docs/output.schema.json), with Debian's python3-jsonschema, and
# prints each one flattened, one `path=value` a line (`applied.0.summary=...`,
# `applied#=2` for a list's length), so that a test or a CI script can read
# fields without a JSON library.
#   scripts/check-json-output.py FILE...    (- for stdin)
# Exits 1 naming the file and the path that does not conform.
import json, pathlib, sys
try:
    import jsonschema
except ImportError:
    sys.exit("check-json-output: python3-jsonschema is missing: apt-get install python3-jsonschema")

schema = json.loads((pathlib.Path(__file__).resolve().parent.parent / "docs/output.schema.json").read_text())
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)

def flat(prefix, v, out):
    if isinstance(v, dict):
        for k, x in v.items():
            flat(f"{prefix}.{k}" if prefix else k, x, out)
    elif isinstance(v, list):
        out.append(f"{prefix}#={len(v)}")
        for i, x in enumerate(v):
            flat(f"{prefix}.{i}", x, out)
    else:
        out.append(f"{prefix}={json.dumps(v) if isinstance(v, bool) or v is None else v}")

bad = 0
for name in sys.argv[1:]:
    text = sys.stdin.read() if name == "-" else pathlib.Path(name).read_text()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        print(f"{name}: not one JSON document: {e}", file=sys.stderr)
        bad += 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors:
        print(f"{name}: {'.'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}", file=sys.stderr)
    bad += bool(errors)
    out = []
    flat("", doc, out)
    print("\n".join(out))
sys.exit(1 if bad else 0)
