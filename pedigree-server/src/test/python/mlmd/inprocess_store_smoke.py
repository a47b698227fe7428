"""Puts a type and an artifact into MLMD's own in-process SQLite store and prints them as JSON.

Usage: inprocess_store_smoke.py DB_FILE
The reference side of differential tests: the same calls later go to Pedigree over gRPC.
"""
import json
import sys

import ml_metadata
from google.protobuf import json_format
from ml_metadata.metadata_store import metadata_store
from ml_metadata.proto import metadata_store_pb2


def main(db_file):
    config = metadata_store_pb2.ConnectionConfig()
    config.sqlite.filename_uri = db_file
    config.sqlite.connection_mode = metadata_store_pb2.SqliteMetadataSourceConfig.READWRITE_OPENCREATE
    store = metadata_store.MetadataStore(config)

    dataset_type = metadata_store_pb2.ArtifactType(name="Dataset")
    dataset_type.properties["day"] = metadata_store_pb2.INT
    dataset_type.properties["split"] = metadata_store_pb2.STRING
    type_id = store.put_artifact_type(dataset_type)

    artifact = metadata_store_pb2.Artifact(
        type_id=type_id, uri="file:///data/train", name="train",
        state=metadata_store_pb2.Artifact.LIVE)
    artifact.properties["day"].int_value = 7
    artifact.properties["split"].string_value = "train"
    artifact.custom_properties["owner"].string_value = "ada"
    [artifact_id] = store.put_artifacts([artifact])

    [stored] = store.get_artifacts_by_id([artifact_id])
    print(json.dumps({
        "ml_metadata_version": ml_metadata.__version__,
        "type_id": type_id,
        "artifact_id": artifact_id,
        "artifact": json_format.MessageToDict(stored, preserving_proto_field_name=True),
    }))


if __name__ == "__main__":
    main(sys.argv[1])
