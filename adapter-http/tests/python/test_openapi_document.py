"""The OpenAPI document of stratmon-server validates as OpenAPI 3.1.

Run by `scripts/test-all` with `openapi-spec-validator` from PyPI; the
server binary prints the same document it serves at /api/v1/openapi.json.
"""

import json
import os
import subprocess

from openapi_spec_validator import validate


def _document() -> dict:
    server = os.environ["STRATMON_SERVER"]
    printed = subprocess.run(
        [server, "openapi"], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(printed)


def test_the_document_validates_as_openapi_3_1() -> None:
    document = _document()
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_operation_answers_success_and_problems_with_schemas() -> None:
    document = _document()
    operations = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            operations += 1
            responses = operation["responses"]
            success = [code for code in responses if code.startswith("2")]
            assert success, f"{method} {path} has no success answer"
            assert "500" in responses, f"{method} {path}"
            for code, answer in responses.items():
                for media in answer.get("content", {}).values():
                    assert "schema" in media, f"{method} {path} {code}"
    assert operations >= 60
