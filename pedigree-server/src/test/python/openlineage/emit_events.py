"""Emits OpenLineage events to Pedigree with the official client's HTTP transport.

Usage: emit_events.py URL COMPRESSION API_KEY
  COMPRESSION is "gzip" or "none"; API_KEY is "" for none.
Prints one JSON line: the run ids and dataset names it emitted. Exits non-zero when the server
rejects an event (the client raises).
"""
import json
import sys
import uuid
from datetime import datetime, timezone

from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import (
    DatasetEvent, InputDataset, Job, JobEvent, OutputDataset, Run, RunEvent, RunState, StaticDataset)
from openlineage.client.facet_v2 import column_lineage_dataset, parent_run, schema_dataset, sql_job
from openlineage.client.transport.http import HttpConfig, HttpTransport

url, compression, api_key = sys.argv[1], sys.argv[2], sys.argv[3]
config = {"url": url, "endpoint": "api/v1/lineage", "timeout": 10, "retry": {"total": 2}}
if compression != "none":
    config["compression"] = compression
if api_key:
    config["auth"] = {"type": "api_key", "apiKey": api_key}
client = OpenLineageClient(transport=HttpTransport(HttpConfig.from_dict(config)))

producer = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python"
suffix = uuid.uuid4().hex[:8]
namespace = "postgres://db.example:5432"
source = f"shop.orders_{suffix}"
target = f"analytics.orders_ünïcode_{suffix}"


def now():
    return datetime.now(timezone.utc).isoformat()


schema = schema_dataset.SchemaDatasetFacet(fields=[
    schema_dataset.SchemaDatasetFacetFields(name="id", type="BIGINT"),
    schema_dataset.SchemaDatasetFacetFields(name="amount", type="DECIMAL")])
lineage = column_lineage_dataset.ColumnLineageDatasetFacet(fields={
    "amount": column_lineage_dataset.Fields(inputFields=[
        column_lineage_dataset.InputField(namespace=namespace, name=source, field="amount")])})
parent_id = str(uuid.uuid4())
run_id = str(uuid.uuid4())
job = Job(namespace="airflow", name=f"etl_{suffix}.orders",
          facets={"sql": sql_job.SQLJobFacet(query="INSERT INTO x SELECT * FROM y")})
run = Run(runId=run_id, facets={"parent": parent_run.ParentRunFacet(
    run=parent_run.Run(runId=parent_id), job=parent_run.Job(namespace="airflow", name=f"etl_{suffix}"))})
inputs = [InputDataset(namespace=namespace, name=source, facets={"schema": schema})]
outputs = [OutputDataset(namespace=namespace, name=target, facets={"schema": schema, "columnLineage": lineage})]

client.emit(RunEvent(eventType=RunState.START, eventTime=now(), run=run, job=job, producer=producer,
                     inputs=inputs, outputs=[]))
client.emit(RunEvent(eventType=RunState.COMPLETE, eventTime=now(), run=run, job=job, producer=producer,
                     inputs=inputs, outputs=outputs))
client.emit(DatasetEvent(eventTime=now(), producer=producer,
                         dataset=StaticDataset(namespace=namespace, name=target, facets={"schema": schema})))
client.emit(JobEvent(eventTime=now(), producer=producer, job=Job(namespace="airflow", name=f"static_{suffix}"),
                     inputs=[InputDataset(namespace=namespace, name=target)], outputs=[]))
print(json.dumps({"run_id": run_id, "parent_run_id": parent_id, "namespace": namespace, "source": source,
                  "target": target, "job": job.name}))
