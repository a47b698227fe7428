"""Validates an OpenAPI document (a file path) and prints its paths and operation ids, one per line."""
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

document, _ = read_from_filename(sys.argv[1])
validate(document)
seen = set()
for path, item in document["paths"].items():
    for method, operation in item.items():
        if method == "parameters":
            continue
        operation_id = operation["operationId"]
        if operation_id in seen:
            sys.exit(f"operationId {operation_id} is used twice")
        seen.add(operation_id)
        print(f"{method.upper()} {path} {operation_id}")
