#!/usr/bin/env python3
"""Validate smcdump --json output (JSON Lines) against docs/smcdump.schema.json.

    validate.py SCHEMA FILE...

Every line must be one JSON object valid under the schema. Needs the Debian
package python3-jsonschema (4.x, draft 2020-12).
"""

import json
import sys

try:
    import jsonschema
except ImportError:
    sys.stderr.write("validate.py: python3-jsonschema is not installed "
                     "(apt-get install python3-jsonschema)\n")
    sys.exit(2)


def objects_without_closed_shape(node, path="#"):
    """Every object schema must say additionalProperties: false (EVE-style)."""
    bad = []
    if isinstance(node, dict):
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            bad.append(path)
        for k, v in node.items():
            bad += objects_without_closed_shape(v, path + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            bad += objects_without_closed_shape(v, "%s/%d" % (path, i))
    return bad


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1]) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    open_objects = objects_without_closed_shape(schema)
    if open_objects:
        sys.stderr.write("schema objects without additionalProperties false: %s\n"
                         % ", ".join(open_objects))
        return 1
    validator = cls(schema)
    failures = 0
    for name in argv[2:]:
        with open(name) as f:
            for n, line in enumerate(f, 1):
                try:
                    rec = json.loads(line)
                except ValueError as e:
                    sys.stderr.write("%s:%d: not JSON: %s\n" % (name, n, e))
                    failures += 1
                    continue
                errors = sorted(validator.iter_errors(rec), key=lambda e: list(e.path))
                for e in errors[:3]:
                    where = "/".join(str(p) for p in e.absolute_path) or "(record)"
                    sys.stderr.write("%s:%d: %s: %s\n" % (name, n, where, e.message[:300]))
                failures += 1 if errors else 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
