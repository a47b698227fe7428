"""MLMD front-door load driver: the classic mlmd_bench workloads through the official ml-metadata
client, against Pedigree over gRPC and against MLMD's own in-process SQLite store, in one run.

Usage: python mlmd_bench.py --host 127.0.0.1 --port 8080 [--scale 1.0] [--warmup 0.2]
                            [--sqlite /tmp/mlmd-bench.db]
Prints microseconds per operation for each workload and store, and the ratio MLMD / Pedigree
(above 1 means Pedigree is faster). Run it against an empty Pedigree server. Before measuring, every
workload runs once at the warm-up scale against both stores (own type names, results discarded), so
the numbers describe a running server rather than the JVM's first second of just-in-time compiling.
"""
import argparse
import os
import random
import tempfile
import time

from ml_metadata import errors
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd
from ml_metadata.proto import metadata_store_service_pb2


def timed(operations, fn):
    start = time.perf_counter()
    for op in operations:
        try:
            fn(op)
        except errors.NotFoundError:
            pass  # MLMD answers NOT_FOUND for an artifact in no context; the call still counts
    return (time.perf_counter() - start) * 1e6 / max(1, len(operations))


def run_workloads(store, scale, tag):
    rng = random.Random(42)
    n = lambda base: max(1, int(base * scale))
    results = {}

    # The floor: a request that reaches the service and needs no database (a lookup of no URIs), through
    # the client's own call path (pybind for MLMD in-process, one gRPC round trip for Pedigree).
    empty_request = metadata_store_service_pb2.GetArtifactsByURIRequest()
    results["Round trip (empty request)"] = timed(list(range(n(500))), lambda i: store._call(
        "GetArtifactsByURI", empty_request, metadata_store_service_pb2.GetArtifactsByURIResponse()))

    # FillTypes: one Put*Type per operation, 1-10 properties.
    kinds = [(mlmd.ArtifactType, store.put_artifact_type), (mlmd.ExecutionType, store.put_execution_type),
             (mlmd.ContextType, store.put_context_type)]

    def fill_type(i):
        type_class, put = kinds[i % 3]
        t = type_class(name="bench_type_%s_%d" % (tag, i))
        for p in range(rng.randint(1, 10)):
            t.properties["p%d" % p] = mlmd.STRING
        put(t)
    results["FillTypes"] = timed(list(range(n(300))), fill_type)

    a_type = store.put_artifact_type(mlmd.ArtifactType(name="BenchArtifact_" + tag, properties={"p": mlmd.STRING}))
    e_type = store.put_execution_type(mlmd.ExecutionType(name="BenchExecution_" + tag, properties={"p": mlmd.STRING}))
    c_type = store.put_context_type(mlmd.ContextType(name="BenchContext_" + tag, properties={"p": mlmd.STRING}))

    # FillNodes: batches of 10 nodes with 5 properties of 100-byte strings; an operation is one request.
    value = "v" * 100
    artifacts, executions, contexts = [], [], []

    def node_props(node):
        node.properties["p"].string_value = value
        for k in range(4):
            node.custom_properties["c%d" % k].string_value = value

    def fill_artifacts(i):
        batch = []
        for j in range(10):
            a = mlmd.Artifact(type_id=a_type, uri="s3://bench/%s/%d/%d" % (tag, i, j), name="a%d_%d" % (i, j))
            node_props(a)
            batch.append(a)
        artifacts.extend(store.put_artifacts(batch))
    results["FillNodes(artifacts x10)"] = timed(list(range(n(200))), fill_artifacts)

    def fill_executions(i):
        batch = []
        for j in range(10):
            e = mlmd.Execution(type_id=e_type, name="e%d_%d" % (i, j), last_known_state=mlmd.Execution.COMPLETE)
            node_props(e)
            batch.append(e)
        executions.extend(store.put_executions(batch))
    results["FillNodes(executions x10)"] = timed(list(range(n(200))), fill_executions)

    def fill_contexts(i):
        batch = []
        for j in range(10):
            c = mlmd.Context(type_id=c_type, name="c%d_%d" % (i, j))
            node_props(c)
            batch.append(c)
        contexts.extend(store.put_contexts(batch))
    results["FillNodes(contexts x10)"] = timed(list(range(n(50))), fill_contexts)

    # FillContextEdges: attributions + associations, 10 per request, popular contexts favoured.
    popular = [contexts[min(len(contexts) - 1, int(rng.paretovariate(1.2)) - 1)] for _ in range(4096)]
    edge_ops = []
    for i in range(n(300)):
        attributions = [mlmd.Attribution(context_id=rng.choice(popular), artifact_id=rng.choice(artifacts))
                        for _ in range(5)]
        associations = [mlmd.Association(context_id=rng.choice(popular), execution_id=rng.choice(executions))
                        for _ in range(5)]
        edge_ops.append((attributions, associations))
    results["FillContextEdges(x10)"] = timed(edge_ops, lambda op: store.put_attributions_and_associations(*op))

    # FillEvents: INPUT/OUTPUT events, 10 per request, Zipf-like artifact popularity.
    seen = set()
    event_ops = []
    for i in range(n(300)):
        batch = []
        while len(batch) < 10:
            artifact = artifacts[min(len(artifacts) - 1, int(rng.paretovariate(1.1)) - 1 + rng.randint(0, 50))]
            execution = rng.choice(executions)
            kind = mlmd.Event.INPUT if rng.random() < 0.5 else mlmd.Event.OUTPUT
            if (artifact, execution, kind) in seen:
                continue
            seen.add((artifact, execution, kind))
            event = mlmd.Event(artifact_id=artifact, execution_id=execution, type=kind)
            event.path.steps.add().key = "k"
            batch.append(event)
        event_ops.append(batch)
    results["FillEvents(x10)"] = timed(event_ops, store.put_events)

    reads = n(500)
    results["ReadTypes(all artifact types)"] = timed(list(range(reads)), lambda i: store.get_artifact_types())
    results["ReadTypes(by name)"] = timed(list(range(reads)), lambda i: store.get_execution_type("BenchExecution_" + tag))
    results["ReadNodesByProperties(by id x10)"] = timed(list(range(reads)), lambda i: store.get_artifacts_by_id(
        rng.sample(artifacts, 10)))
    results["ReadNodesByProperties(by type, 20)"] = timed(list(range(n(200))), lambda i: store.get_artifacts(
        list_options=metadata_store.ListOptions(limit=20, filter_query="type = 'BenchArtifact_%s'" % tag)))
    results["ReadNodesByProperties(by type+name)"] = timed(list(range(reads)), lambda i: (
        store.get_artifact_by_type_and_name("BenchArtifact_" + tag, "a%d_%d" % (rng.randrange(n(200)), rng.randrange(10)))))
    results["ReadNodesByProperties(by uri)"] = timed(list(range(reads)), lambda i: store.get_artifacts_by_uri(
        "s3://bench/%s/%d/%d" % (tag, rng.randrange(n(200)), rng.randrange(10))))
    results["ReadNodesViaContextEdges(contexts by artifact)"] = timed(list(range(reads)),
        lambda i: store.get_contexts_by_artifact(rng.choice(artifacts)))
    results["ReadNodesViaContextEdges(artifacts by context)"] = timed(list(range(reads)),
        lambda i: store.get_artifacts_by_context(rng.choice(popular)))
    results["ReadEvents(by artifact ids x10)"] = timed(list(range(reads)),
        lambda i: store.get_events_by_artifact_ids(rng.sample(artifacts, 10)))
    results["ReadEvents(by execution ids x10)"] = timed(list(range(reads)),
        lambda i: store.get_events_by_execution_ids(rng.sample(executions, 10)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--warmup", type=float, default=0.2, help="warm-up scale, 0 for none (default 0.2)")
    parser.add_argument("--sqlite", default=None, help="MLMD's SQLite file (default: a new temp file)")
    args = parser.parse_args()

    pedigree = metadata_store.MetadataStore(mlmd.MetadataStoreClientConfig(host=args.host, port=args.port))
    sqlite_file = args.sqlite or os.path.join(tempfile.mkdtemp(prefix="mlmd-bench-"), "mlmd.db")
    config = mlmd.ConnectionConfig()
    config.sqlite.filename_uri = sqlite_file
    config.sqlite.connection_mode = mlmd.SqliteMetadataSourceConfig.READWRITE_OPENCREATE
    reference = metadata_store.MetadataStore(config)

    if args.warmup > 0:
        run_workloads(pedigree, args.warmup, "pw")
        run_workloads(reference, args.warmup, "mw")
    ours = run_workloads(pedigree, args.scale, "p")
    theirs = run_workloads(reference, args.scale, "m")
    print("| workload | Pedigree over gRPC (µs/op) | MLMD in-process SQLite (µs/op) | MLMD / Pedigree |")
    print("|---|---:|---:|---:|")
    for name in ours:
        print("| %s | %.0f | %.0f | %.2f |" % (name, ours[name], theirs[name], theirs[name] / ours[name]))


if __name__ == "__main__":
    main()
