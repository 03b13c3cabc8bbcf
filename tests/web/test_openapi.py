"""Property-based run of the JSON API against its own OpenAPI spec (schemathesis, in-process).

Schemathesis generates requests for every operation from the spec (valid and edge-case
ids, dates, limits); each must get a documented, schema-conforming answer and never a
server error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from newsweave.web.app import create_app

# Bounded so CI stays quick: this many generated requests per operation.
EXAMPLES = 25


@pytest.fixture(scope="module")
def api_schema(web_store: Path) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(web_store))


def _operations(schema: schemathesis.BaseSchema) -> list[object]:
    return [result.ok() for result in schema.get_all_operations()]


def test_every_api_operation_is_fuzzed(api_schema: schemathesis.BaseSchema) -> None:
    paths = {op.path for op in _operations(api_schema)}  # type: ignore[attr-defined]
    assert len(paths) == 7 and all(p.startswith("/api/") for p in paths)


def test_api_conforms_to_its_spec_and_never_fails(api_schema: schemathesis.BaseSchema) -> None:
    calls = 0
    for operation in _operations(api_schema):

        @given(case=operation.as_strategy())  # type: ignore[attr-defined]
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            nonlocal calls
            response = case.call()
            calls += 1
            assert response.status_code < 500, (case.path, case.path_parameters, case.query)
            assert response.headers["x-content-type-options"] == ["nosniff"]
            case.validate_response(response)

        check()
    assert calls >= 7 * 5
