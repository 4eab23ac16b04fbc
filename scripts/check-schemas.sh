#!/usr/bin/env bash
# Checks TOML schema files against the JSON Schema of the format
# (docs/schemactl.schema.json, the one editors use), with Debian's
# validator: python3's tomllib reads the TOML, python3-jsonschema checks it.
#   scripts/check-schemas.sh                 the shipped schemas/
#   scripts/check-schemas.sh PATH...         these files or folders (*.toml below them)
# Exits 1 naming each file and key that does not conform, or when no file
# was found (a check of nothing is not a pass).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
[ $# -gt 0 ] || set -- "$root/schemas"
exec /usr/bin/python3 - "$root/docs/schemactl.schema.json" "$@" <<'PY'
import json, pathlib, sys, tomllib
try:
    import jsonschema
except ImportError:
    sys.exit("check-schemas: python3-jsonschema is missing: apt-get install python3-jsonschema")

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)  # the schema itself is valid JSON Schema
validator = cls(schema)

files = []
for arg in sys.argv[2:]:
    p = pathlib.Path(arg)
    if p.is_dir():
        files += sorted(p.rglob("*.toml"))
    elif p.is_file():
        files.append(p)
    else:
        sys.exit(f"check-schemas: {arg}: no such file or folder")
if not files:
    sys.exit(f"check-schemas: no .toml files in {' '.join(sys.argv[2:])}")

bad = 0
for f in files:
    try:
        doc = tomllib.loads(f.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        print(f"{f}: not TOML: {e}")
        bad += 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(k) for k in e.absolute_path) or "(top)"
        print(f"{f}: {where}: {e.message}")
    bad += bool(errors)
print(f"check-schemas: {len(files) - bad} of {len(files)} files conform to {sys.argv[1]}")
sys.exit(1 if bad else 0)
PY
