"""Client scenarios for the MLMD front door, written against the official ml-metadata client.

Each scenario takes a MetadataStore (remote gRPC or MLMD's own in-process store) and a Recorder;
it records every answer (or error class) under a label, so two runs can be compared field by field.
Scenarios share one store and run in a fixed order, so both stores see the same sequence of calls.
"""
from google.protobuf import json_format
from ml_metadata import errors
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2 as mlmd
from ml_metadata.proto import metadata_store_service_pb2 as service


class Recorder:
    def __init__(self):
        self.answers = {}

    def record(self, label, value):
        self.answers[label] = normalise(value)
        return value

    def call(self, label, fn, *args, **kwargs):
        """Runs fn, recording its answer or the class of the error it raised; returns the answer or None."""
        try:
            value = fn(*args, **kwargs)
        except errors.StatusError as e:
            self.answers[label] = {"error": type(e).__name__}
            return None
        except AttributeError as e:
            # The in-process store of this client version has no binding for some RPCs.
            self.answers[label] = {"unavailable": str(e)}
            return None
        self.record(label, value)
        return value

    def call_type(self, label, fn, *args, **kwargs):
        """As call, for calls answering a bare type id (recorded as {"type_id": id} so it is normalised)."""
        return self.call(label, lambda: {"type_id": fn(*args, **kwargs)})


def normalise(value):
    if hasattr(value, "DESCRIPTOR"):
        return json_format.MessageToDict(value, preserving_proto_field_name=True)
    if isinstance(value, (list, tuple)):
        return [normalise(v) for v in value]
    if isinstance(value, dict):
        return {str(k): normalise(v) for k, v in value.items()}
    return value


def raw(store, method, request, response_class):
    """Sends one request exactly as given (no client-side paging or defaults)."""
    response = response_class()
    store._call(method, request, response)
    return response


def get_or_create_type(store, kind, name, properties=None):
    getter = {"artifact": store.get_artifact_type, "execution": store.get_execution_type,
              "context": store.get_context_type}[kind]
    try:
        return getter(name).id
    except errors.NotFoundError:
        pass
    type_class = {"artifact": mlmd.ArtifactType, "execution": mlmd.ExecutionType,
                  "context": mlmd.ContextType}[kind]
    putter = {"artifact": store.put_artifact_type, "execution": store.put_execution_type,
              "context": store.put_context_type}[kind]
    new_type = type_class(name=name)
    for key, value in (properties or {}).items():
        new_type.properties[key] = value
    return putter(new_type)


# KFP v1 metadata writer: KfpRun context, components.<name> executions, outputs via PutArtifacts +
# PutEvents + PutAttributionsAndAssociations, inputs via GetArtifactsByURI + INPUT events.
def kfp_v1_metadata_helper(store, r):
    run_type = get_or_create_type(store, "context", "KfpRun",
                                  {"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING})
    r.call("get_context_type", store.get_context_type, "KfpRun")
    again = get_or_create_type(store, "context", "KfpRun", {"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING})
    r.record("type_is_reused", again == run_type)
    r.record("run_type", {"type_id": run_type})
    run = mlmd.Context(type_id=run_type, name="run-v1-1")
    run.properties["pipeline_name"].string_value = "churn"
    run.properties["run_id"].string_value = "run-v1-1"
    [run_id] = store.put_contexts([run])
    r.call("duplicate_context", store.put_contexts, [run])
    exec_type = get_or_create_type(store, "execution", "components.Train",
                                   {"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING, "component_id": mlmd.STRING})
    execution = mlmd.Execution(type_id=exec_type, last_known_state=mlmd.Execution.RUNNING)
    execution.properties["pipeline_name"].string_value = "churn"
    execution.properties["run_id"].string_value = "run-v1-1"
    execution.properties["component_id"].string_value = "train-abc"
    execution.custom_properties["kfp_pod_name"].string_value = "train-abc-pod"
    [execution_id] = store.put_executions([execution])
    store.put_attributions_and_associations([], [mlmd.Association(context_id=run_id, execution_id=execution_id)])
    art_type = get_or_create_type(store, "artifact", "kfp.Model",
                                  {"name": mlmd.STRING, "pipeline_name": mlmd.STRING, "run_id": mlmd.STRING})
    output = mlmd.Artifact(type_id=art_type, uri="minio://mlpipeline/v1/model")
    output.properties["name"].string_value = "model"
    output.properties["pipeline_name"].string_value = "churn"
    output.properties["run_id"].string_value = "run-v1-1"
    output.custom_properties["argo_artifact"].string_value = '{"s3": {"key": "v1/model"}}'
    [artifact_id] = store.put_artifacts([output])
    event = mlmd.Event(artifact_id=artifact_id, execution_id=execution_id, type=mlmd.Event.OUTPUT)
    event.path.steps.add().key = "model"
    store.put_events([event])
    r.call("duplicate_event", store.put_events, [event])
    attribution = mlmd.Attribution(context_id=run_id, artifact_id=artifact_id)
    association = mlmd.Association(context_id=run_id, execution_id=execution_id)
    r.call("links_are_idempotent", store.put_attributions_and_associations, [attribution], [association])
    # A downstream component links its input by URI.
    consumer_type = get_or_create_type(store, "execution", "components.Evaluate",
                                       {"pipeline_name": mlmd.STRING, "run_id": mlmd.STRING, "component_id": mlmd.STRING})
    [consumer_id] = store.put_executions([mlmd.Execution(type_id=consumer_type, last_known_state=mlmd.Execution.COMPLETE)])
    [found] = r.call("by_uri", store.get_artifacts_by_uri, "minio://mlpipeline/v1/model")
    store.put_events([mlmd.Event(artifact_id=found.id, execution_id=consumer_id, type=mlmd.Event.INPUT)])
    r.call("events_of_artifact", store.get_events_by_artifact_ids, [artifact_id])
    r.call("events_of_execution", store.get_events_by_execution_ids, [execution_id, consumer_id])
    r.call("artifacts_in_run", store.get_artifacts_by_context, run_id)
    r.call("executions_in_run", store.get_executions_by_context, run_id)
    r.call("contexts_of_execution", store.get_contexts_by_execution, execution_id)
    r.call("contexts_of_artifact", store.get_contexts_by_artifact, artifact_id)
    # get_context_by_name in the metadata writer: every context, unpaged, filtered client-side.
    r.record("all_contexts_named", [c.name for c in store.get_contexts() if c.name == "run-v1-1"])
    r.call("context_by_type_and_name", store.get_context_by_type_and_name, "KfpRun", "run-v1-1")
    r.call("missing_context_by_name", store.get_context_by_type_and_name, "KfpRun", "nope")
    r.call("missing_type_by_name", store.get_context_by_type_and_name, "NoSuchType", "nope")


# KFP v2 driver and launcher.
def kfp_v2_driver_launcher(store, r):
    def get_or_insert_context(name, type_name, custom=None):
        found = store.get_context_by_type_and_name(type_name, name)
        if found is not None:
            return found
        type_id = get_or_create_type(store, "context", type_name)
        context = mlmd.Context(type_id=type_id, name=name)
        for key, value in (custom or {}).items():
            context.custom_properties[key].string_value = value
        try:
            store.put_contexts([context])
        except errors.AlreadyExistsError:
            pass
        return store.get_context_by_type_and_name(type_name, name)

    pipeline = get_or_insert_context("churn-pipeline", "system.Pipeline")
    run = get_or_insert_context("run-v2-1", "system.PipelineRun",
                                {"namespace": "kubeflow", "resource_name": "run-v2-1",
                                 "pipeline_root": "minio://mlpipeline/v2", "store_session_info": "{}"})
    r.record("run_context", run)
    store.put_parent_contexts([mlmd.ParentContext(child_id=run.id, parent_id=pipeline.id)])
    r.call("duplicate_parent_link", store.put_parent_contexts,
           [mlmd.ParentContext(child_id=run.id, parent_id=pipeline.id)])
    r.call("parents_of_run", store.get_parent_contexts_by_context, run.id)
    r.call("children_of_pipeline", store.get_children_contexts_by_context, pipeline.id)
    container_type = get_or_create_type(store, "execution", "system.ContainerExecution")
    dag_type = get_or_create_type(store, "execution", "system.DAGExecution")
    dataset_type = get_or_create_type(store, "artifact", "system.Dataset")
    model_type = get_or_create_type(store, "artifact", "system.Model")

    dag = mlmd.Execution(type_id=dag_type, last_known_state=mlmd.Execution.RUNNING)
    dag.custom_properties["display_name"].string_value = "root"
    dag.custom_properties["total_dag_tasks"].int_value = 3
    dag_id = store.put_execution(dag, [], [pipeline, run], reuse_context_if_already_exist=True)[0]

    task_ids = []
    for index, task in enumerate(["ingest", "train", "evaluate"]):
        execution = mlmd.Execution(type_id=container_type, last_known_state=mlmd.Execution.RUNNING)
        execution.custom_properties["display_name"].string_value = task
        execution.custom_properties["task_name"].string_value = task
        execution.custom_properties["parent_dag_id"].int_value = dag_id
        execution.custom_properties["pod_name"].string_value = "pod-" + task
        execution.custom_properties["inputs"].struct_value.update({"lr": 0.1, "epochs": 3, "tags": ["a", "b"]})
        contexts = [mlmd.Context(type_id=pipeline.type_id, name=pipeline.name),
                    mlmd.Context(type_id=run.type_id, name=run.name)]
        inputs = []
        if index > 0:
            input_event = mlmd.Event(type=mlmd.Event.INPUT)
            input_event.path.steps.add().key = "dataset"
            [dataset] = store.get_artifacts_by_uri("minio://mlpipeline/v2/ingest/dataset")
            inputs.append((dataset, input_event))
        result = store.put_execution(execution, inputs, contexts, reuse_context_if_already_exist=True)
        r.record("driver_put_execution_" + task, result)
        task_ids.append(result[0])
        # Launcher publish.
        execution.id = result[0]
        execution.last_known_state = mlmd.Execution.COMPLETE
        execution.custom_properties["outputs"].struct_value.update({"ok": True})
        output_type = dataset_type if task == "ingest" else model_type
        artifact = mlmd.Artifact(type_id=output_type, uri="minio://mlpipeline/v2/%s/%s" % (
            task, "dataset" if task == "ingest" else "model"), state=mlmd.Artifact.LIVE)
        artifact.custom_properties["display_name"].string_value = "output"
        output_event = mlmd.Event(type=mlmd.Event.OUTPUT)
        output_event.path.steps.add().key = "dataset" if task == "ingest" else "model"
        published = store.put_execution(execution, [(artifact, output_event)], contexts,
                                        reuse_context_if_already_exist=True)
        r.record("launcher_publish_" + task, published)

    # DAG state: page through the run's tasks of this DAG.
    request = service.GetExecutionsByContextRequest(context_id=run.id)
    request.options.max_result_size = 2
    request.options.filter_query = "custom_properties.parent_dag_id.int_value = %d" % dag_id
    pages = []
    while True:
        page = raw(store, "GetExecutionsByContext", request, service.GetExecutionsByContextResponse)
        pages.append([e.custom_properties["task_name"].string_value for e in page.executions])
        if not page.next_page_token:
            break
        request.options.next_page_token = page.next_page_token
    r.record("dag_task_pages", pages)
    r.record("dag_tasks_via_client", [e.id for e in store.get_executions_by_context(
        run.id, list_options=metadata_store.ListOptions(
            limit=10, filter_query="custom_properties.parent_dag_id.int_value = %d" % dag_id))])
    r.call("executions_by_id", store.get_executions_by_id, task_ids)
    r.call("events_of_tasks", store.get_events_by_execution_ids, task_ids)
    r.call("artifacts_in_run", store.get_artifacts_by_context, run.id)
    r.call("contexts_by_id", store.get_contexts_by_id, [pipeline.id, run.id])
    r.call("dag_by_type_and_name_missing", store.get_execution_by_type_and_name, "system.DAGExecution", "none")
    # Importer reuse by URI and a reused external id.
    [model] = store.get_artifacts_by_uri("minio://mlpipeline/v2/train/model")
    r.call("artifacts_by_id_with_types", store.get_artifacts_and_types_by_artifact_ids, [model.id])
    imported = mlmd.Artifact(type_id=dataset_type, uri="gs://bucket/external", external_id="ext-1",
                             state=mlmd.Artifact.LIVE)
    importer = mlmd.Execution(type_id=get_or_create_type(store, "execution", "system.ImporterExecution"),
                              last_known_state=mlmd.Execution.COMPLETE)
    first = store.put_execution(importer, [(imported, mlmd.Event(type=mlmd.Event.OUTPUT))], [run],
                                reuse_context_if_already_exist=True)
    importer2 = mlmd.Execution(type_id=importer.type_id, last_known_state=mlmd.Execution.COMPLETE)
    again = store.put_execution(importer2, [(imported, mlmd.Event(type=mlmd.Event.OUTPUT))], [run],
                                reuse_context_if_already_exist=True,
                                reuse_artifact_if_already_exist_by_external_id=True)
    r.record("reused_artifact_by_external_id", first[1] == again[1])
    r.call("by_external_id", store.get_artifacts_by_external_ids, ["ext-1"])
    r.call("reuse_context_off", store.put_execution,
           mlmd.Execution(type_id=importer.type_id), [], [mlmd.Context(type_id=run.type_id, name=run.name)])


def executions_by_type(store, r):
    trainer = get_or_create_type(store, "execution", "Trainer", {"epochs": mlmd.INT})
    for i in range(5):
        execution = mlmd.Execution(type_id=trainer, name="trainer-%d" % i,
                                   last_known_state=mlmd.Execution.COMPLETE if i % 2 else mlmd.Execution.FAILED)
        execution.properties["epochs"].int_value = i
        store.put_executions([execution])
    r.call("by_type", store.get_executions_by_type, "Trainer")
    r.call("by_type_limited", raw, store, "GetExecutionsByType", service.GetExecutionsByTypeRequest(
        type_name="Trainer", options=mlmd.ListOperationOptions(max_result_size=2)), service.GetExecutionsByTypeResponse)
    r.call("by_type_missing", store.get_executions_by_type, "NoSuchType")
    r.call("by_type_and_name", store.get_execution_by_type_and_name, "Trainer", "trainer-3")
    r.call("types", store.get_execution_types)
    r.call("types_by_id", store.get_execution_types_by_id, [trainer, 99999])
    # A node in no context (or no node at all): MLMD answers NOT_FOUND rather than an empty list.
    lone = store.get_execution_by_type_and_name("Trainer", "trainer-0")
    r.call("contexts_of_lone_execution", store.get_contexts_by_execution, lone.id)
    r.call("contexts_of_missing_artifact", store.get_contexts_by_artifact, 987654)


def filter_queries(store, r):
    data = get_or_create_type(store, "artifact", "FilterData", {"rows": mlmd.INT, "split": mlmd.STRING,
                                                               "score": mlmd.DOUBLE, "ok": mlmd.BOOLEAN})
    ctx_type = get_or_create_type(store, "context", "FilterRun")
    [ctx] = store.put_contexts([mlmd.Context(type_id=ctx_type, name="filter-run")])
    ids = []
    for i in range(6):
        artifact = mlmd.Artifact(type_id=data, name="f%d" % i, uri="s3://filter/%d" % i,
                                 state=mlmd.Artifact.LIVE if i % 2 else mlmd.Artifact.PENDING)
        artifact.properties["rows"].int_value = i * 10
        artifact.properties["split"].string_value = "train" if i < 3 else "test"
        artifact.properties["score"].double_value = i / 2
        artifact.properties["ok"].bool_value = i % 3 == 0
        artifact.custom_properties["my:prop"].string_value = "v%d" % i
        [artifact_id] = store.put_artifacts([artifact])
        ids.append(artifact_id)
    store.put_attributions_and_associations(
        [mlmd.Attribution(context_id=ctx, artifact_id=ids[1]), mlmd.Attribution(context_id=ctx, artifact_id=ids[4])], [])
    queries = [
        "type = 'FilterData' AND properties.rows.int_value >= 30",
        "type = 'FilterData' AND properties.split.string_value = 'train' AND state = LIVE",
        "type = 'FilterData' AND state != LIVE",
        "type = 'FilterData' AND state IN (PENDING)",
        "type = 'FilterData' AND properties.score.double_value < 1.5",
        "type = 'FilterData' AND properties.ok.bool_value = true",
        "type = 'FilterData' AND custom_properties.`my:prop`.string_value = 'v2'",
        "type = 'FilterData' AND uri LIKE 's3://filter/%' AND NOT (name = 'f0')",
        "contexts_a.name = 'filter-run'",
        "contexts_a.type = 'FilterRun' AND properties.rows.int_value > 20",
        "type = 'FilterData' AND (name = 'f1' OR name = 'f5')",
        "type = 'FilterData' AND name IN ('f2', 'f3')",
        "type = 'FilterData' AND external_id IS NULL",
        "type = 'FilterData' AND properties.missing.int_value IS NULL",
    ]
    for i, query in enumerate(queries):
        r.call("q%02d %s" % (i, query), lambda q=query: [a.name for a in store.get_artifacts(
            list_options=metadata_store.ListOptions(filter_query=q, limit=100))])
    r.call("context_filter_artifacts_neighbour", lambda: [c.name for c in store.get_contexts(
        list_options=metadata_store.ListOptions(filter_query="artifacts_a.name = 'f4'"))])
    r.call("bad_filter", store.get_artifacts, list_options=metadata_store.ListOptions(filter_query="name = = 'x'"))
    r.call("bad_enum", store.get_artifacts, list_options=metadata_store.ListOptions(filter_query="state = SHINY"))


def lineage(store, r):
    data = get_or_create_type(store, "artifact", "LinData")
    step = get_or_create_type(store, "execution", "LinStep")
    ctx_type = get_or_create_type(store, "context", "LinRun")

    def edge(execution_index, artifact_index, event_type):
        return (execution_index, artifact_index, mlmd.Event(type=event_type))

    executions = [mlmd.Execution(type_id=step, name="lin-train"), mlmd.Execution(type_id=step, name="lin-eval")]
    artifacts = [mlmd.Artifact(type_id=data, name="lin-d0", uri="u0"), mlmd.Artifact(type_id=data, name="lin-model", uri="u1"),
                 mlmd.Artifact(type_id=data, name="lin-report", uri="u2")]
    contexts = [mlmd.Context(type_id=ctx_type, name="lin-run")]
    result = store.put_lineage_subgraph(executions, artifacts, contexts, [
        edge(0, 0, mlmd.Event.INPUT), edge(0, 1, mlmd.Event.OUTPUT), edge(1, 1, mlmd.Event.INPUT),
        edge(1, 2, mlmd.Event.OUTPUT)])
    r.record("put", result)
    r.call("out_of_range", store.put_lineage_subgraph, [mlmd.Execution(type_id=step)], [], [],
           [edge(0, 3, mlmd.Event.INPUT)])
    r.call("duplicate_context_without_reuse", store.put_lineage_subgraph, [], [], contexts, [])
    r.call("context_reused", store.put_lineage_subgraph, [], [], contexts, [], reuse_context_if_already_exist=True)

    def query(start, direction, hops, artifacts_filter=True, ending=None):
        options = mlmd.LineageSubgraphQueryOptions(max_num_hops=hops, direction=direction)
        if artifacts_filter:
            options.starting_artifacts.filter_query = start
        else:
            options.starting_executions.filter_query = start
        if ending:
            options.ending_artifacts.filter_query = ending
        return options

    D = mlmd.LineageSubgraphQueryOptions
    cases = {
        "downstream_2": query("name = 'lin-d0'", D.DOWNSTREAM, 2),
        "downstream_4": query("name = 'lin-d0'", D.DOWNSTREAM, 4),
        "upstream_from_report": query("name = 'lin-report'", D.UPSTREAM, 10),
        "both_from_model": query("name = 'lin-model'", D.BIDIRECTIONAL, 1),
        "zero_hops": query("name = 'lin-model'", D.BIDIRECTIONAL, 0),
        "from_execution": query("name = 'lin-eval'", D.UPSTREAM, 2, artifacts_filter=False),
        "ending_at_model": query("name = 'lin-d0'", D.DOWNSTREAM, 10, ending="name = 'lin-model'"),
    }
    for name, options in cases.items():
        r.call("subgraph " + name, store.get_lineage_subgraph, options, ["artifacts", "executions", "events"])
    r.call("subgraph_everything", store.get_lineage_subgraph,
           query("name = 'lin-d0'", D.DOWNSTREAM, 4))
    r.call("subgraph_bad_filter", store.get_lineage_subgraph, query("name = = 1", D.DOWNSTREAM, 1))


def pagination(store, r):
    page_type = get_or_create_type(store, "context", "PageCtx")
    store.put_contexts([mlmd.Context(type_id=page_type, name="page-%02d" % i) for i in range(25)])
    r.call("default_page_size", lambda: [c.name for c in raw(
        store, "GetContextsByType", service.GetContextsByTypeRequest(
            type_name="PageCtx", options=mlmd.ListOperationOptions()), service.GetContextsByTypeResponse).contexts])
    r.call("no_options_returns_all", lambda: len(raw(
        store, "GetContextsByType", service.GetContextsByTypeRequest(type_name="PageCtx"),
        service.GetContextsByTypeResponse).contexts))
    request = service.GetContextsByTypeRequest(type_name="PageCtx")
    request.options.max_result_size = 10
    request.options.order_by_field.field = mlmd.ListOperationOptions.OrderByField.ID
    request.options.order_by_field.is_asc = False
    pages = []
    while True:
        page = raw(store, "GetContextsByType", request, service.GetContextsByTypeResponse)
        pages.append([c.name for c in page.contexts])
        if not page.next_page_token:
            break
        request.options.next_page_token = page.next_page_token
        request.options.max_result_size = 3  # the first call's options win
    r.record("descending_pages", pages)
    r.call("client_limit_order", lambda: [c.name for c in store.get_contexts(
        list_options=metadata_store.ListOptions(filter_query="type = 'PageCtx'",
            limit=7, order_by=metadata_store.OrderByField.CREATE_TIME, is_asc=True))])
    r.call("cap_is_100", lambda: len(raw(store, "GetContexts", service.GetContextsRequest(
        options=mlmd.ListOperationOptions(max_result_size=500)), service.GetContextsResponse).contexts) <= 100)
    r.call("zero_page_size", raw, store, "GetContexts", service.GetContextsRequest(
        options=mlmd.ListOperationOptions(max_result_size=0)), service.GetContextsResponse)
    r.call("bad_token", raw, store, "GetContexts", service.GetContextsRequest(
        options=mlmd.ListOperationOptions(next_page_token="garbage!")), service.GetContextsResponse)


def types_and_updates(store, r):
    base = mlmd.ArtifactType(name="EvoType")
    base.properties["a"] = mlmd.INT
    type_id = store.put_artifact_type(base)
    wider = mlmd.ArtifactType(name="EvoType")
    wider.properties["a"] = mlmd.INT
    wider.properties["b"] = mlmd.STRING
    r.call_type("add_without_permission", store.put_artifact_type, wider)
    r.call_type("add_with_permission", store.put_artifact_type, wider, can_add_fields=True)
    r.call_type("omit_without_permission", store.put_artifact_type, base)
    r.call_type("omit_with_permission", store.put_artifact_type, base, can_omit_fields=True)
    changed = mlmd.ArtifactType(name="EvoType")
    changed.properties["a"] = mlmd.STRING
    r.call_type("change_kind", store.put_artifact_type, changed, can_add_fields=True, can_omit_fields=True)
    r.call("stored_type", store.get_artifact_type, "EvoType")
    versioned = mlmd.ArtifactType(name="EvoType", version="v2", description="second", external_id="evo-v2",
                                  base_type=mlmd.ArtifactType.MODEL)
    r.call_type("versioned", store.put_artifact_type, versioned)
    r.call("get_versioned", store.get_artifact_type, "EvoType", type_version="v2")
    r.call("types_by_external_id", store.get_artifact_types_by_external_ids, ["evo-v2"])
    unknown_kind = mlmd.ArtifactType(name="BadType")
    unknown_kind.properties["x"] = mlmd.UNKNOWN
    r.call_type("unknown_property_type", store.put_artifact_type, unknown_kind)
    r.call_type("missing_type_name", store.put_artifact_type, mlmd.ArtifactType())
    r.call("missing_artifact_type", store.get_artifact_type, "NoSuchType")
    r.call("missing_execution_type", store.get_execution_type, "NoSuchType")
    r.call("put_types", raw, store, "PutTypes", service.PutTypesRequest(
        artifact_types=[mlmd.ArtifactType(name="BulkA")], execution_types=[mlmd.ExecutionType(name="BulkE")],
        context_types=[mlmd.ContextType(name="BulkC")]), service.PutTypesResponse)
    r.call("all_fields_match_false", raw, store, "PutTypes", service.PutTypesRequest(
        artifact_types=[mlmd.ArtifactType(name="BulkA")], all_fields_match=False), service.PutTypesResponse)

    artifact = mlmd.Artifact(type_id=type_id, name="upd", uri="s3://one", external_id="upd-1")
    artifact.properties["a"].int_value = 1
    artifact.properties["b"].string_value = "x"
    artifact.custom_properties["c"].int_value = 2
    [artifact_id] = store.put_artifacts([artifact])
    r.call("undeclared_property", store.put_artifacts, [mlmd.Artifact(
        type_id=type_id, properties={"nope": mlmd.Value(int_value=1)})])
    r.call("wrong_kind", store.put_artifacts, [mlmd.Artifact(
        type_id=type_id, properties={"a": mlmd.Value(string_value="1")})])
    r.call("missing_type_id", store.put_artifacts, [mlmd.Artifact(uri="x")])
    r.call("unknown_type_id", store.put_artifacts, [mlmd.Artifact(type_id=987654, uri="x")])
    r.call("duplicate_name", store.put_artifacts, [mlmd.Artifact(type_id=type_id, name="upd")])
    r.call("duplicate_external_id", store.put_artifacts, [mlmd.Artifact(type_id=type_id, external_id="upd-1")])
    r.call("update_unknown_id", store.put_artifacts, [mlmd.Artifact(id=987654, type_id=type_id)])
    masked = mlmd.Artifact(id=artifact_id, uri="s3://two")
    masked.custom_properties["d"].int_value = 4
    r.call("masked_update", store.put_artifacts, [masked], field_mask_paths=["uri", "custom_properties.d",
                                                                              "properties.b"])
    r.call("after_mask", store.get_artifacts_by_id, [artifact_id])
    replacement = mlmd.Artifact(id=artifact_id, type_id=type_id, uri="s3://three", state=mlmd.Artifact.DELETED)
    store.put_artifacts([replacement])
    [stored] = store.get_artifacts_by_id([artifact_id])
    r.record("after_replace", stored)
    stale = mlmd.Artifact()
    stale.CopyFrom(stored)
    stale.last_update_time_since_epoch = stored.last_update_time_since_epoch - 1
    r.call("stale_update", raw, store, "PutArtifacts", service.PutArtifactsRequest(
        artifacts=[stale], options=service.PutArtifactsRequest.Options(abort_if_latest_updated_time_changed=True)),
        service.PutArtifactsResponse)
    r.call("fresh_update", lambda: len(raw(store, "PutArtifacts", service.PutArtifactsRequest(
        artifacts=[stored], options=service.PutArtifactsRequest.Options(abort_if_latest_updated_time_changed=True)),
        service.PutArtifactsResponse).artifact_ids))
    ctx_type = get_or_create_type(store, "context", "ErrCtx")
    r.call("context_without_name", store.put_contexts, [mlmd.Context(type_id=ctx_type)])
    [c1, c2] = store.put_contexts([mlmd.Context(type_id=ctx_type, name="e1"), mlmd.Context(type_id=ctx_type, name="e2")])
    store.put_parent_contexts([mlmd.ParentContext(child_id=c2, parent_id=c1)])
    r.call("cycle", store.put_parent_contexts, [mlmd.ParentContext(child_id=c1, parent_id=c2)])
    r.call("self_parent", store.put_parent_contexts, [mlmd.ParentContext(child_id=c1, parent_id=c1)])
    r.call("parent_missing_context", store.put_parent_contexts, [mlmd.ParentContext(child_id=c1, parent_id=987654)])
    r.call("event_missing_artifact", store.put_events, [mlmd.Event(
        artifact_id=987654, execution_id=1, type=mlmd.Event.INPUT)])
    r.call("attribution_missing_context", store.put_attributions_and_associations,
           [mlmd.Attribution(context_id=987654, artifact_id=artifact_id)], [])
    r.call("put_execution_missing_artifact", store.put_execution,
           mlmd.Execution(type_id=get_or_create_type(store, "execution", "ErrStep")),
           [(None, mlmd.Event(artifact_id=987654, type=mlmd.Event.INPUT))], [])
    r.call("batch_children", raw, store, "GetChildrenContextsByContexts",
           service.GetChildrenContextsByContextsRequest(context_ids=[c1, c2]),
           service.GetChildrenContextsByContextsResponse)
    r.call("batch_parents", raw, store, "GetParentContextsByContexts",
           service.GetParentContextsByContextsRequest(context_ids=[c1, c2]),
           service.GetParentContextsByContextsResponse)
    r.call("lineage_graph", raw, store, "GetLineageGraph", service.GetLineageGraphRequest(
        options=mlmd.LineageGraphQueryOptions(artifacts_options=mlmd.ListOperationOptions(
            filter_query="name = 'lin-model'"))), service.GetLineageGraphResponse)


SCENARIOS = [kfp_v1_metadata_helper, kfp_v2_driver_launcher, executions_by_type, filter_queries, lineage,
             pagination, types_and_updates]
