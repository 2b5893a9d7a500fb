#!/usr/bin/env python3
"""Generate docs/smcdump.schema.json from the protocol tables, or check it.

    schema.py --tabledump BIN --check docs/smcdump.schema.json
    schema.py --tabledump BIN --write docs/smcdump.schema.json

BIN is tests/golden/tabledump (built by CMake), which prints the tables of
core/include/smcclc/tables.h as JSON. The schema is a committed document;
this check fails when a table row was added or changed without
regenerating it, so the schema always describes what smcdump writes.
"""

import argparse
import json
import re
import subprocess
import sys

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The guide's path is the installed one (CMake SMCCLC_GUIDE, set by the
# packager), so the schema fixes only the file name and the anchor.
GUIDE = "troubleshooting\\.md#"

# How each field kind is written (json.c, enum smcclc_field_kind).
KIND_SCHEMA = {
    "uint": {"type": "integer", "minimum": 0},
    "bits": {"type": "integer", "minimum": 0},
    "id64": {"type": "string", "pattern": "^0x[0-9a-f]{16}$"},
    "flag": {"type": "boolean"},
    "bytes": {"type": "string", "pattern": "^([0-9a-f]{2})*$"},
    "mac": {"type": "string", "pattern": "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},
    "ipv4": {"type": "string", "pattern": "^[0-9]{1,3}(\\.[0-9]{1,3}){3}$"},
    "ipv6": {"type": "string", "pattern": "^[0-9a-f:.]+$"},
    "text": {"type": "string"},
    "name": {"type": "string"},
    "peerid": {"type": "string", "pattern": "^[0-9a-f]{4}@[0-9a-f]{2}(:[0-9a-f]{2}){5}$"},
}

RECORD_KEYS = ("event", "frame", "ts", "src", "dst")
CLC_TAIL_KEYS = ("truncated", "anomalies", "anomaly_offsets")


def ref(name):
    return {"$ref": "#/$defs/" + name}


def uint():
    return {"type": "integer", "minimum": 0}


def obj(props, required=()):
    o = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        o["required"] = list(required)
    return o


def field_schema(f):
    if f["kind"] == "enum":
        return ref("enum_" + f["vals"])
    return ref(f["kind"])


def build(t):
    fields = [f for f in t["fields"] if not f["reserved"]]
    defs = {}
    for k, s in KIND_SCHEMA.items():
        defs[k] = s
    for name, keys in t["vals"].items():
        # An enum value the tables do not know is written as its number.
        defs["enum_" + name] = {"anyOf": [{"enum": keys}, uint()]}
    defs["frame"] = {"type": "integer", "minimum": 1}
    # years after 9999 (pcapng with a coarse if_tsresol) in ISO 8601 expanded form
    defs["ts"] = {"type": "string",
                  "pattern": "^([0-9]{4}|\\+[0-9]{5,})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                             "[0-9]{2}\\.[0-9]{6}Z$"}
    defs["endpoint"] = {"type": "string",
                        "pattern": "^([0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[[0-9a-f:.]+\\]):[0-9]{1,5}$"}
    defs["anomaly"] = {"enum": t["anomalies"]}
    anchors = t["declines"] + t["situations"]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", a) for a in anchors), "anchor needs escaping"
    defs["guide"] = {"type": "string",
                     "pattern": "^(.*/)?" + GUIDE + "(" + "|".join(anchors) + ")$"}

    # Members a message object (and an object-list item) may have.
    members = {}
    for f in fields:
        members[f["key"]] = field_schema(f)
    value = {"anyOf": [ref(k) for k in sorted(KIND_SCHEMA)]
             + [ref("enum_" + n) for n in sorted(t["vals"])]}
    defs["value"] = value
    item_members = dict(members)
    defs["item"] = obj(item_members)
    for g in t["groups"]:
        if g["kind"] == "value_list":
            members[g["key"]] = {"type": "array", "items": ref("value")}
        elif g["kind"] == "object_list":
            members[g["key"]] = {"type": "array", "items": ref("item")}

    for k in RECORD_KEYS + CLC_TAIL_KEYS:
        if k in members:
            raise SystemExit("field or group key %r collides with a record member" % k)

    clc = {
        "event": {"const": "clc"},
        "frame": ref("frame"),
        "ts": ref("ts"),
        "src": ref("endpoint"),
        "dst": ref("endpoint"),
    }
    clc.update(members)
    clc["truncated"] = {"type": "boolean"}
    clc["anomalies"] = {"type": "array", "items": ref("anomaly")}
    clc["anomaly_offsets"] = {"type": "array", "items": uint()}
    # The header can be cut by snaplen; the record is still written, so only these are required.
    defs["clc"] = obj(clc, RECORD_KEYS + CLC_TAIL_KEYS)
    defs["clc"]["description"] = (
        "One CLC message. Members between dst and truncated are the decoder's fields, named "
        "by their table key; sections are flattened, lists are arrays. smc, type, version and "
        "length are missing only when fewer than 8 bytes of the message were captured.")

    type_keys = t["vals"]["type"]
    defs["handshake"] = obj({
        "event": {"const": "handshake"},
        "frame": ref("frame"),
        "ts": ref("ts"),
        "src": ref("endpoint"),
        "dst": ref("endpoint"),
        "client": ref("endpoint"),
        "server": ref("endpoint"),
        "outcome": {"enum": t["outcomes"]},
        "smc_version": {"type": "integer", "minimum": 1},
        "release": ref("enum_release"),
        "reason": {"type": "string", "pattern": "^[A-Z0-9_]+$"},
        "reason_code": uint(),
        "hint": {"type": "string"},
        "guide": ref("guide"),
        "situation": {"enum": t["situations"]},
        "duration_us": uint(),
        "frames": obj({k: ref("frame") for k in type_keys}),
    }, RECORD_KEYS + ("client", "server", "outcome", "duration_us", "frames"))

    counters = ("packets", "bytes", "tcp_segments", "smc_syn", "smc_synack", "clc_messages",
                "lookalikes", "truncated_packets", "malformed_packets", "flows_peak",
                "flows_evicted", "ooo_dropped")
    problems = ("truncated", "malformed", "file")
    defs["stats"] = obj({
        "event": {"const": "stats"},
        "connections": uint(),
        "outcomes": obj({k: uint() for k in t["outcomes"]}, t["outcomes"]),
        "paths": {"type": "array", "items": obj({
            "outcome": {"enum": t["outcomes"]},
            "smc_version": {"type": "integer", "minimum": 1},
            "release": ref("enum_release"),
            "count": uint(),
        }, ("outcome", "count"))},
        "reasons": {"type": "array", "items": obj({
            "reason": {"enum": t["declines"]},
            "reason_code": uint(),
            "count": uint(),
            "hint": {"type": "string"},
            "guide": ref("guide"),
        }, ("count", "hint", "guide"))},
        "situations": obj({k: uint() for k in t["situations"]}),
        "anomalies": obj({k: uint() for k in t["anomalies"]}),
        "messages": obj({k: uint() for k in type_keys}, type_keys),
        "truncated_messages": uint(),
        "duration_us": obj({k: uint() for k in ("count", "p50", "p90", "p99", "max")},
                           ("count",)),
        "counters": obj({k: uint() for k in counters}, counters),
        "kernel": obj({k: uint() for k in ("received", "dropped", "ifdropped")},
                      ("received", "dropped", "ifdropped")),
        "problems": obj({k: uint() for k in problems}, problems),
    }, ("event", "connections", "outcomes", "paths", "reasons", "situations", "anomalies",
        "messages", "truncated_messages", "duration_us", "counters", "problems"))

    # smcdump --compare A B --json: one record per connection that changed or
    # has no partner, then a summary.
    pair_value = {"anyOf": [{"type": ["string", "boolean", "null"]}, uint()]}
    diffs = ("outcome", "reason", "situation", "smc_version", "release", "first_contact",
             "server_buffer_bytes", "client_buffer_bytes", "qp_mtu_bytes", "max_conns",
             "max_links", "duration_us")
    conn = {
        "index": {"type": "integer", "minimum": 1},
        "frame": uint(),
        # as read: a JSON input's values are passed on, checked for printable ASCII only
        "client": {"type": "string"},
        "server": {"type": "string"},
        "outcome": {"type": "string"},
        "reason": {"type": "string"},
        "situation": {"type": "string"},
        "smc_version": {"type": "integer", "minimum": 1},
        "release": {"type": "string"},
        "first_contact": {"type": "boolean"},
        "server_buffer_bytes": {"type": "integer", "minimum": 1},
        "client_buffer_bytes": {"type": "integer", "minimum": 1},
        "qp_mtu_bytes": {"type": "integer", "minimum": 1},
        "max_conns": {"type": "integer", "minimum": 1},
        "max_links": {"type": "integer", "minimum": 1},
        "duration_us": uint(),
    }
    defs["compare_conn"] = obj(conn, ("index", "frame", "client", "server"))
    defs["compare"] = obj({
        "event": {"const": "compare"},
        "a": {"anyOf": [ref("compare_conn"), {"type": "null"}]},
        "b": {"anyOf": [ref("compare_conn"), {"type": "null"}]},
        "changes": obj({k: {"type": "array", "items": pair_value, "minItems": 2,
                            "maxItems": 2} for k in diffs}),
    }, ("event", "a", "b", "changes"))
    defs["compare"]["description"] = (
        "smcdump --compare A B --json: a connection that changed (changes: member -> [A, B]) "
        "or is only in A (b null) or only in B (a null).")
    summary = ("connections_a", "connections_b", "matched", "changed", "only_a", "only_b")
    props = {"event": {"const": "compare_summary"}, "a": {"type": "string"},
             "b": {"type": "string"}}
    props.update({k: uint() for k in summary})
    defs["compare_summary"] = obj(props, ("event", "a", "b") + summary)

    return {
        "$schema": DRAFT,
        "$id": "https://smcclc.invalid/smcdump.schema.json",
        "title": "smcdump --json records",
        "description": ("JSON Lines written by smcdump --json: one 'clc' record per CLC "
                        "message, one 'handshake' record per SMC connection, and a final "
                        "'stats' record with --stats or -q; with --compare, 'compare' "
                        "records and a 'compare_summary'. Generated from "
                        "core/include/smcclc/tables.h by tests/golden/schema.py; do not edit."),
        "oneOf": [ref("clc"), ref("handshake"), ref("stats"), ref("compare"),
                  ref("compare_summary")],
        "$defs": defs,
    }


def render(schema):
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tabledump", required=True)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", metavar="SCHEMA")
    mode.add_argument("--write", metavar="SCHEMA")
    a = ap.parse_args()
    tables = json.loads(subprocess.run([a.tabledump], check=True, capture_output=True,
                                       text=True).stdout)
    text = render(build(tables))
    if a.write:
        with open(a.write, "w") as f:
            f.write(text)
        return 0
    with open(a.check) as f:
        have = f.read()
    if have != text:
        sys.stderr.write("%s is out of date with the tables; regenerate it with\n"
                         "  tests/golden/schema.py --tabledump BUILD/tests/golden/tabledump "
                         "--write %s\n" % (a.check, a.check))
        print("0 passed, 1 failed")
        return 1
    print("schema: in sync with the tables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
