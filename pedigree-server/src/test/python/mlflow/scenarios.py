"""Scenarios run by the official MLflow Python client against a Pedigree server.

Usage: python scenarios.py TRACKING_URI SCENARIO WORK_DIR
Each scenario asserts what the client sees and prints one JSON object on its last line with the
ids the Java test checks further (in the graph). Exit status 0 means every assertion held.
"""
import json
import os
import sys
import time

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0")
os.environ.setdefault("MLFLOW_HTTP_REQUEST_TIMEOUT", "30")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.exceptions import MlflowException, RestException  # noqa: E402

URI, SCENARIO, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
mlflow.set_tracking_uri(URI)
mlflow.set_registry_uri(URI)
client = MlflowClient(URI, URI)


def expect_error(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except MlflowException as e:
        assert e.error_code == code, f"expected {code}, got {e.error_code}: {e}"
        return str(e)
    raise AssertionError(f"expected {code} from {fn.__name__}")


def experiments():
    default = client.get_experiment("0")
    assert default.name == "Default" and default.lifecycle_stage == "active", default
    exp_id = mlflow.create_experiment("exp-a", tags={"team": "vision"})
    assert exp_id.isdigit() and exp_id != "0", exp_id
    exp = client.get_experiment_by_name("exp-a")
    assert exp.experiment_id == exp_id and exp.tags["team"] == "vision"
    assert exp.artifact_location == f"mlflow-artifacts:/{exp_id}", exp.artifact_location
    assert client.get_experiment_by_name("no-such-experiment") is None
    expect_error("RESOURCE_ALREADY_EXISTS", mlflow.create_experiment, "exp-a")
    client.set_experiment_tag(exp_id, "stage", "dev")
    client.delete_experiment_tag(exp_id, "team")
    tags = client.get_experiment(exp_id).tags
    assert tags == {"stage": "dev"}, tags
    client.rename_experiment(exp_id, "exp-renamed")
    assert client.get_experiment(exp_id).name == "exp-renamed"
    for i in range(5):
        mlflow.create_experiment(f"page-{i}")
    found = client.search_experiments(filter_string="name LIKE 'page-%'", order_by=["name DESC"])
    assert [e.name for e in found] == [f"page-{i}" for i in reversed(range(5))], [e.name for e in found]
    page1 = client.search_experiments(max_results=2, filter_string="name LIKE 'page-%'", order_by=["name ASC"])
    assert len(page1) == 2 and page1.token, page1
    page2 = client.search_experiments(max_results=2, filter_string="name LIKE 'page-%'", order_by=["name ASC"],
                                      page_token=page1.token)
    page3 = client.search_experiments(max_results=2, filter_string="name LIKE 'page-%'", order_by=["name ASC"],
                                      page_token=page2.token)
    names = [e.name for e in list(page1) + list(page2) + list(page3)]
    assert names == [f"page-{i}" for i in range(5)] and not page3.token, (names, page3.token)
    client.delete_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "deleted"
    active = [e.experiment_id for e in client.search_experiments()]
    deleted = [e.experiment_id for e in client.search_experiments(view_type=ViewType.DELETED_ONLY)]
    assert exp_id not in active and exp_id in deleted, (active, deleted)
    client.restore_experiment(exp_id)
    assert client.get_experiment(exp_id).lifecycle_stage == "active"
    tagged = client.search_experiments(filter_string="tags.stage = 'dev'")
    assert [e.experiment_id for e in tagged] == [exp_id]
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_experiment, "987654")
    return {"experiment_id": exp_id}


def runs():
    mlflow.set_experiment("runs-exp")
    with mlflow.start_run(run_name="first") as run:
        run_id = run.info.run_id
        assert len(run_id) == 32 and run_id == run_id.lower(), run_id
        mlflow.log_param("lr", 0.01)
        mlflow.log_params({"depth": 5, "optimizer": "adam"})
        mlflow.log_param("lr", 0.01)  # the same value again is fine
        mlflow.log_metric("loss", 1.0, step=0)
        mlflow.log_metric("loss", 0.5, step=1)
        mlflow.log_metric("loss", 0.25, step=2)
        mlflow.log_metrics({"acc": 0.9, "f1": 0.8}, step=2)
        mlflow.set_tag("owner", "ada")
        mlflow.set_tags({"a": "1", "b": "2"})
        expect_error("INVALID_PARAMETER_VALUE", mlflow.log_param, "lr", 0.02)
    got = client.get_run(run_id)
    assert got.info.status == "FINISHED" and got.info.end_time, got.info
    assert got.info.run_name == "first"
    assert got.data.params == {"lr": "0.01", "depth": "5", "optimizer": "adam"}, got.data.params
    assert got.data.metrics == {"loss": 0.25, "acc": 0.9, "f1": 0.8}, got.data.metrics
    assert got.data.tags["owner"] == "ada" and got.data.tags["mlflow.runName"] == "first"
    history = client.get_metric_history(run_id, "loss")
    assert [(m.step, m.value) for m in history] == [(0, 1.0), (1, 0.5), (2, 0.25)], history
    client.delete_tag(run_id, "a")
    assert "a" not in client.get_run(run_id).data.tags
    # Batch logging, one transaction.
    ts = int(time.time() * 1000)
    batch_run = client.create_run(got.info.experiment_id)
    assert batch_run.info.run_name, "a generated run name"
    client.log_batch(batch_run.info.run_id,
                     metrics=[Metric("m", float(i), ts + i, i) for i in range(50)],
                     params=[Param("p1", "x"), Param("p2", "y")],
                     tags=[RunTag("t", "v")])
    data = client.get_run(batch_run.info.run_id).data
    assert data.metrics == {"m": 49.0} and data.params == {"p1": "x", "p2": "y"} and data.tags["t"] == "v"
    assert len(client.get_metric_history(batch_run.info.run_id, "m")) == 50
    # A failed batch writes nothing (one new metric, one changed param).
    expect_error("INVALID_PARAMETER_VALUE", client.log_batch, batch_run.info.run_id,
                 metrics=[Metric("new-metric", 1.0, ts, 0)], params=[Param("p1", "changed")])
    data = client.get_run(batch_run.info.run_id).data
    assert "new-metric" not in data.metrics and data.params["p1"] == "x", data
    expect_error("INVALID_PARAMETER_VALUE", client.log_param, batch_run.info.run_id, "long", "x" * 6001)
    client.set_terminated(batch_run.info.run_id, "KILLED")
    assert client.get_run(batch_run.info.run_id).info.status == "KILLED"
    client.delete_run(batch_run.info.run_id)
    assert client.get_run(batch_run.info.run_id).info.lifecycle_stage == "deleted"
    expect_error("INVALID_PARAMETER_VALUE", client.log_metric, batch_run.info.run_id, "x", 1.0)
    client.restore_run(batch_run.info.run_id)
    assert client.get_run(batch_run.info.run_id).info.lifecycle_stage == "active"
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_run, "0" * 32)
    # NaN and infinity survive the round trip.
    client.log_metric(batch_run.info.run_id, "odd", float("nan"), step=0)
    client.log_metric(batch_run.info.run_id, "big", float("inf"), step=0)
    odd = client.get_run(batch_run.info.run_id).data.metrics
    assert odd["odd"] != odd["odd"] and odd["big"] > 1e300, odd
    return {"run_id": run_id, "batch_run_id": batch_run.info.run_id}


def search_runs():
    exp_id = mlflow.create_experiment("search-exp")
    ids = {}
    for i in range(12):
        run = client.create_run(exp_id, run_name=f"sweep-{i:02d}", tags={"parity": "even" if i % 2 == 0 else "odd"})
        client.log_metric(run.info.run_id, "rmse", 1.0 / (i + 1), step=0)
        client.log_param(run.info.run_id, "model", "tree" if i < 6 else "linear")
        ids[i] = run.info.run_id
    other = client.create_run(exp_id, run_name="no-metrics")
    found = client.search_runs([exp_id], "metrics.rmse < 0.2 and params.model = 'linear'",
                               order_by=["metrics.rmse ASC"])
    assert [r.info.run_name for r in found] == [f"sweep-{i:02d}" for i in (11, 10, 9, 8, 7, 6)], \
        [r.info.run_name for r in found]
    desc = client.search_runs([exp_id], "tags.parity = 'odd'", order_by=["metrics.rmse DESC"])
    assert [r.info.run_name for r in desc] == [f"sweep-{i:02d}" for i in (1, 3, 5, 7, 9, 11)]
    like = client.search_runs([exp_id], "attributes.run_name LIKE 'sweep-0%'")
    assert len(like) == 10, len(like)
    case = client.search_runs([exp_id], "attributes.run_name LIKE 'SWEEP-%'")
    assert len(case) == 0, "LIKE is case-sensitive"
    ilike = client.search_runs([exp_id], "attributes.run_name ILIKE 'SWEEP-%'")
    assert len(ilike) == 12
    by_id = client.search_runs([exp_id], f"attributes.run_id IN ('{ids[0]}', '{ids[5]}')")
    assert {r.info.run_id for r in by_id} == {ids[0], ids[5]}
    nulls = client.search_runs([exp_id], "params.model IS NULL")
    assert [r.info.run_id for r in nulls] == [other.info.run_id]
    # Runs without the metric sort last.
    ordered = client.search_runs([exp_id], order_by=["metrics.rmse ASC"])
    assert ordered[-1].info.run_id == other.info.run_id
    pages = []
    token = None
    while True:
        page = client.search_runs([exp_id], max_results=5, order_by=["attributes.run_name ASC"], page_token=token)
        pages.append([r.info.run_name for r in page])
        token = page.token
        if not token:
            break
    assert [len(p) for p in pages] == [5, 5, 3], pages
    everything = [name for p in pages for name in p]
    assert everything == sorted(everything) and len(set(everything)) == 13
    expect_error("INVALID_PARAMETER_VALUE", client.search_runs, [exp_id], "metrics.rmse <<< 1")
    expect_error("INVALID_PARAMETER_VALUE", client.search_runs, [exp_id], "params.model > 'a'")
    fluent = mlflow.search_runs([exp_id], "metrics.rmse >= 0.5")
    assert len(fluent) == 2, fluent
    return {"experiment_id": exp_id}


def artifacts():
    src = os.path.join(WORK, "src")
    os.makedirs(os.path.join(src, "sub", "deeper"), exist_ok=True)
    with open(os.path.join(src, "a.txt"), "w") as f:
        f.write("alpha")
    with open(os.path.join(src, "sub", "b.txt"), "w") as f:
        f.write("beta" * 1000)
    with open(os.path.join(src, "sub", "deeper", "c with space.bin"), "wb") as f:
        f.write(os.urandom(300_000))
    with mlflow.start_run() as run:
        assert run.info.artifact_uri.startswith("mlflow-artifacts:/"), run.info.artifact_uri
        mlflow.log_artifact(os.path.join(src, "a.txt"))
        mlflow.log_artifacts(src, artifact_path="tree")
        mlflow.log_text("hello", "notes/hello.txt")
        mlflow.log_dict({"k": 1}, "conf.json")
    run_id = run.info.run_id
    top = sorted((f.path, f.is_dir) for f in client.list_artifacts(run_id))
    assert top == [("a.txt", False), ("conf.json", False), ("notes", True), ("tree", True)], top
    sub = sorted(f.path for f in client.list_artifacts(run_id, "tree/sub"))
    assert sub == ["tree/sub/b.txt", "tree/sub/deeper"], sub
    out = os.path.join(WORK, "out")
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="tree", dst_path=out)
    with open(os.path.join(local, "sub", "deeper", "c with space.bin"), "rb") as f:
        downloaded = f.read()
    with open(os.path.join(src, "sub", "deeper", "c with space.bin"), "rb") as f:
        assert downloaded == f.read()
    assert mlflow.artifacts.load_text(f"runs:/{run_id}/notes/hello.txt") == "hello"
    assert mlflow.artifacts.load_dict(f"runs:/{run_id}/conf.json") == {"k": 1}
    return {"run_id": run_id}


def multipart():
    os.environ["MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD"] = "true"
    os.environ["MLFLOW_MULTIPART_UPLOAD_MINIMUM_FILE_SIZE"] = "1000"
    os.environ["MLFLOW_MULTIPART_UPLOAD_CHUNK_SIZE"] = "100000"
    from mlflow.store.artifact.http_artifact_repo import HttpArtifactRepository
    created = []
    original = HttpArtifactRepository.create_multipart_upload

    def counting(self, *args, **kwargs):
        response = original(self, *args, **kwargs)
        created.append(len(response.credentials))
        return response

    HttpArtifactRepository.create_multipart_upload = counting
    big = os.path.join(WORK, "big.bin")
    content = os.urandom(350_000)
    with open(big, "wb") as f:
        f.write(content)
    with mlflow.start_run() as run:
        mlflow.log_artifact(big, artifact_path="parts")
    assert created == [4], created
    local = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="parts/big.bin",
                                                dst_path=os.path.join(WORK, "mp-out"))
    with open(local, "rb") as f:
        assert f.read() == content
    return {"run_id": run.info.run_id}


class AddN(mlflow.pyfunc.PythonModel):
    def __init__(self, n):
        self.n = n

    def predict(self, context, model_input, params=None):
        return model_input.apply(lambda column: column + self.n)


def log_model_and_register():
    import pandas as pd
    exp_id = mlflow.create_experiment("models-exp")
    mlflow.set_experiment(experiment_id=exp_id)
    with mlflow.start_run() as run:
        train = mlflow.data.from_pandas(pd.DataFrame({"x": [1, 2, 3]}), source="file:///data/train.csv",
                                        name="train-set")
        mlflow.log_input(train, context="training")
        mlflow.log_param("n", 5)
        info = mlflow.pyfunc.log_model(name="model", python_model=AddN(5))
    run_id = run.info.run_id
    assert info.model_id.startswith("m-"), info.model_id
    logged = mlflow.get_logged_model(info.model_id)
    assert logged.status.to_proto() == 2 or str(logged.status).endswith("READY"), logged.status
    assert logged.source_run_id == run_id
    got = client.get_run(run_id)
    assert [i.dataset.name for i in got.inputs.dataset_inputs] == ["train-set"], got.inputs
    assert any(o.model_id == info.model_id for o in got.outputs.model_outputs), got.outputs
    loaded = mlflow.pyfunc.load_model(f"runs:/{run_id}/model") if False else mlflow.pyfunc.load_model(info.model_uri)
    result = loaded.predict(pd.DataFrame({"x": [1, 2]}))
    assert list(result["x"]) == [6, 7], result
    version = mlflow.register_model(f"runs:/{run_id}/model", "adder")
    assert version.version == "1" and version.status == "READY", version
    again = mlflow.register_model(f"runs:/{run_id}/model", "adder")
    assert again.version == "2"
    by_version = mlflow.pyfunc.load_model("models:/adder/1")
    assert list(by_version.predict(pd.DataFrame({"x": [0]}))["x"]) == [5]
    found = mlflow.search_logged_models(experiment_ids=[exp_id], filter_string="name = 'model'", output_format="list")
    assert [m.model_id for m in found] == [info.model_id], found
    in_dataset = client.search_runs([exp_id], "datasets.name = 'train-set' and datasets.context = 'training'")
    assert [r.info.run_id for r in in_dataset] == [run_id]
    return {"run_id": run_id, "model_id": info.model_id, "model_name": "adder", "version": "1"}


def registry():
    exp_id = mlflow.create_experiment("registry-exp")
    run = client.create_run(exp_id)
    client.set_terminated(run.info.run_id)
    source = f"{run.info.artifact_uri}/model"
    client.create_registered_model("reg-a", tags={"domain": "vision"}, description="first")
    expect_error("RESOURCE_ALREADY_EXISTS", client.create_registered_model, "reg-a")
    v1 = client.create_model_version("reg-a", source, run.info.run_id, tags={"k": "v"})
    v2 = client.create_model_version("reg-a", source, run.info.run_id)
    assert (v1.version, v2.version, v1.status, v1.current_stage) == ("1", "2", "READY", "None"), v1
    client.update_model_version("reg-a", "1", description="the first")
    assert client.get_model_version("reg-a", "1").description == "the first"
    client.transition_model_version_stage("reg-a", "1", "Production")
    client.transition_model_version_stage("reg-a", "2", "production", archive_existing_versions=True)
    assert client.get_model_version("reg-a", "1").current_stage == "Archived"
    latest = client.get_latest_versions("reg-a", stages=["Production"])
    assert [v.version for v in latest] == ["2"], latest
    client.set_registered_model_tag("reg-a", "t", "1")
    client.delete_registered_model_tag("reg-a", "domain")
    client.set_model_version_tag("reg-a", "2", "validated", "yes")
    client.delete_model_version_tag("reg-a", "1", "k")
    model = client.get_registered_model("reg-a")
    assert model.tags == {"t": "1"} and model.description == "first", model
    client.update_registered_model("reg-a", description="changed")
    assert client.get_registered_model("reg-a").description == "changed"
    assert client.get_model_version("reg-a", "2").tags == {"validated": "yes"}
    assert client.get_model_version_download_uri("reg-a", "1") == source
    for name in ("reg-b", "reg-c", "other"):
        client.create_registered_model(name)
    names = [m.name for m in client.search_registered_models(filter_string="name LIKE 'reg-%'")]
    assert names == ["reg-a", "reg-b", "reg-c"], names
    first = client.search_registered_models(max_results=2)
    assert len(first) == 2 and first.token
    rest = client.search_registered_models(max_results=2, page_token=first.token)
    assert len(rest) == 2 and not rest.token, rest
    versions = client.search_model_versions(f"run_id = '{run.info.run_id}'")
    assert sorted(v.version for v in versions) == ["1", "2"]
    by_name = client.search_model_versions("name = 'reg-a'", order_by=["version_number ASC"])
    assert [v.version for v in by_name] == ["1", "2"]
    # Without order_by, MLflow lists the most recently changed versions first.
    client.update_model_version("reg-a", "1", description="touched last")
    recent = client.search_model_versions("name LIKE 'reg-%'")
    expected = sorted(recent, key=lambda v: (-v.last_updated_timestamp, v.name, -int(v.version)))
    assert [(v.name, v.version) for v in recent] == [(v.name, v.version) for v in expected], recent
    client.rename_registered_model("reg-a", "reg-renamed")
    assert client.get_model_version("reg-renamed", "2").name == "reg-renamed"
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_registered_model, "reg-a")
    client.delete_model_version("reg-renamed", "1")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_model_version, "reg-renamed", "1")
    client.delete_registered_model("reg-renamed")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.get_registered_model, "reg-renamed")
    client.create_registered_model("reg-renamed")
    return {}


def aliases():
    exp_id = mlflow.create_experiment("alias-exp")
    run = client.create_run(exp_id)
    client.create_registered_model("aliased")
    for _ in range(3):
        client.create_model_version("aliased", f"{run.info.artifact_uri}/model", run.info.run_id)
    client.set_registered_model_alias("aliased", "champion", "2")
    client.set_registered_model_alias("aliased", "challenger", "3")
    assert client.get_model_version_by_alias("aliased", "champion").version == "2"
    assert client.get_registered_model("aliased").aliases == {"champion": "2", "challenger": "3"}
    assert client.get_model_version("aliased", "3").aliases == ["challenger"]
    client.set_registered_model_alias("aliased", "champion", "3")
    assert client.get_model_version_by_alias("aliased", "champion").version == "3"
    client.delete_registered_model_alias("aliased", "challenger")
    expect_error("INVALID_PARAMETER_VALUE", client.get_model_version_by_alias, "aliased", "challenger")
    expect_error("INVALID_PARAMETER_VALUE", client.set_registered_model_alias, "aliased", "latest", "1")
    expect_error("INVALID_PARAMETER_VALUE", client.set_registered_model_alias, "aliased", "bad alias!", "1")
    expect_error("RESOURCE_DOES_NOT_EXIST", client.set_registered_model_alias, "aliased", "ghost", "99")
    return {}


def errors():
    import requests
    base = URI.rstrip("/")
    r = requests.get(f"{base}/api/2.0/mlflow/runs/get", params={"run_id": "f" * 32})
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST", r.text
    r = requests.post(f"{base}/api/2.0/mlflow/experiments/create", data="{not json",
                      headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE", r.text
    r = requests.post(f"{base}/api/2.0/mlflow/runs/log-metric",
                      json={"run_id": "f" * 32, "key": "k", "value": "not-a-number", "timestamp": 1})
    assert r.status_code == 400, r.text
    r = requests.post(f"{base}/api/2.0/mlflow/runs/create", json={"experiment_id": "0", "start_time": "12345"})
    assert r.status_code == 200 and r.json()["run"]["info"]["start_time"] == 12345, r.text
    run_id = r.json()["run"]["info"]["run_id"]
    r = requests.post(f"{base}/api/2.0/mlflow/runs/log-batch",
                      json={"run_id": run_id, "params": [{"key": "p", "value": "x" * 1000}] * 1100})
    assert r.status_code == 400 and "1048576" in r.json()["message"], r.text
    r = requests.post(f"{base}/api/2.0/mlflow/runs/log-batch", json={"run_id": run_id, "metrics": [
        {"key": "k", "value": 1.0, "timestamp": 1, "step": i} for i in range(1001)]})
    assert r.status_code == 400 and "1000" in r.json()["message"], r.text
    r = requests.post(f"{base}/api/2.0/mlflow/runs/log-parameter", json={"run_id": run_id, "key": "k" * 251,
                                                                        "value": "v"})
    assert r.status_code == 400 and "250" in r.json()["message"], r.text
    for bad in ("../escape.txt", "0/../../etc/passwd", "%2E%2E/escape.txt"):
        r = requests.put(f"{base}/api/2.0/mlflow-artifacts/artifacts/{bad}", data=b"x")
        assert r.status_code in (400, 404), (bad, r.status_code, r.text)
    r = requests.put(f"{base}/api/2.0/mlflow-artifacts/artifacts/ok%00bad.txt", data=b"x")
    assert r.status_code == 400, r.text
    for listing, params in (("mlflow/artifacts/list", {"run_id": run_id, "path": "../x"}),
                            ("mlflow-artifacts/artifacts", {"path": "a/../../x"})):
        r = requests.get(f"{base}/api/2.0/{listing}", params=params)
        assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE", (listing, r.text)
    r = requests.get(f"{base}/api/2.0/mlflow-artifacts/artifacts", params={"path": ""})
    listed = [f["path"] for f in r.json().get("files", [])]
    assert "escape.txt" not in listed and "etc" not in listed, listed
    r = requests.get(f"{base}/api/3.0/mlflow/server-info")
    assert r.status_code == 200 and r.json()["store_type"] == "SqlStore"
    r = requests.get(f"{base}/ajax-api/2.0/mlflow/experiments/get", params={"experiment_id": "0"})
    assert r.status_code == 200 and r.json()["experiment"]["name"] == "Default"
    r = requests.delete(f"{base}/api/2.0/mlflow/registered-models/delete", json={"name": "missing-model"})
    assert r.status_code == 404 and r.json()["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    # Values of the wrong JSON type are refused as MLflow refuses them, not turned into text.
    for path, body in (("experiments/create", {"name": 123}),
                       ("experiments/create", {"name": ["listed"]}),
                       ("experiments/create", {"name": "typed", "artifact_location": 5}),
                       ("runs/log-parameter", {"run_id": run_id, "key": "typed", "value": 5}),
                       ("runs/set-tag", {"run_id": run_id, "key": "typed", "value": True}),
                       ("runs/log-metric", {"run_id": run_id, "key": 5, "value": 1.0, "timestamp": 1}),
                       ("runs/log-batch", {"run_id": run_id, "tags": [{"key": "typed", "value": 1}]}),
                       ("runs/search", {"experiment_ids": [0]}),
                       ("registered-models/create", {"name": 5})):
        r = requests.post(f"{base}/api/2.0/mlflow/{path}", json=body)
        assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE", (path, r.text)
        assert "parameter" in r.json()["message"], (path, r.text)
    for name in ("123", "listed", "typed", "5"):
        r = requests.get(f"{base}/api/2.0/mlflow/experiments/get-by-name", params={"experiment_name": name})
        assert r.status_code == 404, (name, r.text)
    r = requests.get(f"{base}/api/2.0/mlflow/registered-models/get", params={"name": "5"})
    assert r.status_code == 404, r.text
    run = requests.get(f"{base}/api/2.0/mlflow/runs/get", params={"run_id": run_id}).json()["run"]
    assert "typed" not in [p["key"] for p in run["data"].get("params", [])], run
    assert "typed" not in [t["key"] for t in run["data"].get("tags", [])], run
    assert run["data"].get("metrics", []) == [], run
    r = requests.post(f"{base}/api/2.0/mlflow/runs/log-batch", json={"run_id": run_id, "params": [
        {"key": "twice", "value": "1"}, {"key": "twice", "value": "1"}]})
    assert r.status_code == 400 and "Duplicate parameter keys" in r.json()["message"], r.text
    r = requests.get(f"{base}/api/2.0/mlflow/experiments/get", params={"experiment_id": "abc"})
    assert r.status_code == 400 and r.json()["error_code"] == "INVALID_PARAMETER_VALUE", r.text
    return {}


result = globals()[SCENARIO]()
print(json.dumps(result or {}))
