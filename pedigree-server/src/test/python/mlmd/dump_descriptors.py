"""Prints the official client's protocol descriptors as JSON: file name -> base64 FileDescriptorProto."""
import base64
import json

from ml_metadata.proto import metadata_store_pb2, metadata_store_service_pb2

print(json.dumps({
    module.DESCRIPTOR.name: base64.b64encode(module.DESCRIPTOR.serialized_pb).decode("ascii")
    for module in (metadata_store_pb2, metadata_store_service_pb2)
}))
