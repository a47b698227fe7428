"""Runs every scenario against Pedigree over gRPC and against MLMD's own in-process SQLite store,
and prints, as JSON, each answer of both and the paths where they differ (timestamps normalised).

Usage: differential.py HOST PORT MLMD_SQLITE_FILE
"""
import json
import sys

from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2

import scenarios

# Lists of a lineage graph are sets: their order carries no meaning (MLMD's own order varies).
SET_FIELDS = {"attributions", "associations", "artifact_types", "execution_types", "context_types"}
TIME_FIELDS = {"create_time_since_epoch", "last_update_time_since_epoch", "milliseconds_since_epoch"}


def strip_times(value):
    """Times become <time> (when set), page tokens <token> (they are opaque), set-like lists sorted."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in TIME_FIELDS and str(v).isdigit() and int(v) > 0:
                out[k] = "<time>"
            elif k == "next_page_token" and v:
                out[k] = "<token>"
            elif k in SET_FIELDS and isinstance(v, list):
                out[k] = sorted((strip_times(x) for x in v), key=lambda x: json.dumps(x, sort_keys=True))
            else:
                out[k] = strip_times(v)
        return out
    if isinstance(value, list):
        return [strip_times(v) for v in value]
    return value


def type_names(store):
    names = {}
    for kind, types in (("artifact", store.get_artifact_types()), ("execution", store.get_execution_types()),
                        ("context", store.get_context_types())):
        for t in types:
            names[str(t.id)] = "%s type %s%s" % (kind, t.name, " " + t.version if t.version else "")
    return names


def is_type(value):
    return "name" in value and "id" in value and "type_id" not in value and "type" not in value


def replace_type_ids(value, names):
    """Type ids differ by design (MLMD pre-creates its system types); compare them by type name."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "type_id" or (key == "id" and is_type(value)):
                out[key] = names.get(str(item), item)
            elif key.endswith("type_ids") and isinstance(item, list):
                out[key] = [names.get(str(i), i) for i in item]
            else:
                out[key] = replace_type_ids(item, names)
        return out
    if isinstance(value, list):
        return [replace_type_ids(v, names) for v in value]
    return value


def differences(path, a, b, out):
    if isinstance(b, dict) and "unavailable" in b:
        return  # the in-process store cannot answer this call: checked on Pedigree's side only
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            differences(path + "." + key, a.get(key, "<absent>"), b.get(key, "<absent>"), out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            differences("%s[%d]" % (path, i), x, y, out)
    elif a != b:
        out.append({"path": path, "pedigree": a, "mlmd": b})


def run(store):
    answers = {}
    for scenario in scenarios.SCENARIOS:
        recorder = scenarios.Recorder()
        try:
            scenario(store, recorder)
        except Exception as e:  # a scenario that breaks is itself a finding
            recorder.answers["<crashed>"] = "%s: %s" % (type(e).__name__, e)
        answers[scenario.__name__] = strip_times(recorder.answers)
    return replace_type_ids(answers, type_names(store))


def main(host, port, db_file):
    remote = metadata_store_pb2.MetadataStoreClientConfig(host=host, port=int(port))
    pedigree = run(metadata_store.MetadataStore(remote))
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = db_file
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READWRITE_OPENCREATE
    reference = run(metadata_store.MetadataStore(config))
    report = {}
    for name in pedigree:
        diffs = []
        differences("", pedigree[name], reference[name], diffs)
        report[name] = {"pedigree": pedigree[name], "mlmd": reference[name], "differences": diffs}
    print(json.dumps(report, indent=1, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
