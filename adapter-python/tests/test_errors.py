"""The exception hierarchy and the one mapping from problem codes."""

from __future__ import annotations

import pytest
import stratmon
from stratmon.errors import error_from_problem

CLASSES = [
    stratmon.NotFound,
    stratmon.PermissionDenied,
    stratmon.Conflict,
    stratmon.StaleVersion,
    stratmon.ValidationError,
    stratmon.WindowClosed,
    stratmon.InvalidTransition,
    stratmon.AuthError,
    stratmon.Throttled,
    stratmon.PasswordChangeRequired,
    stratmon.StorageError,
    stratmon.TransportError,
]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_class_is_a_stratmon_error(cls: type) -> None:
    assert issubclass(cls, stratmon.Error)
    assert issubclass(cls, Exception)


def test_refinements() -> None:
    assert issubclass(stratmon.StaleVersion, stratmon.Conflict)
    assert issubclass(stratmon.Throttled, stratmon.AuthError)
    assert issubclass(stratmon.ValidationError, ValueError)


# Every code of adapter-http/src/error.rs and the class it becomes.
CODES = [
    (404, "not_found", stratmon.NotFound),
    (404, "route_not_found", stratmon.NotFound),
    (403, "permission_denied", stratmon.PermissionDenied),
    (409, "conflict", stratmon.Conflict),
    (412, "stale_version", stratmon.StaleVersion),
    (422, "validation", stratmon.ValidationError),
    (422, "invalid_body", stratmon.ValidationError),
    (400, "malformed_json", stratmon.ValidationError),
    (400, "malformed_if_match", stratmon.ValidationError),
    (428, "precondition_required", stratmon.ValidationError),
    (400, "bad_query", stratmon.ValidationError),
    (400, "bad_path", stratmon.ValidationError),
    (422, "window_closed", stratmon.WindowClosed),
    (409, "invalid_transition", stratmon.InvalidTransition),
    (401, "unauthorized", stratmon.AuthError),
    (429, "too_many_attempts", stratmon.Throttled),
    (403, "password_change_required", stratmon.PasswordChangeRequired),
    (500, "internal", stratmon.StorageError),
]


@pytest.mark.parametrize("status,code,cls", CODES, ids=[c[1] for c in CODES])
def test_codes_map_to_classes(status: int, code: str, cls: type) -> None:
    error = error_from_problem(
        status, code, "detail", [{"field": "progress", "message": "too long"}]
    )
    assert type(error) is cls
    assert error.code == code and error.status == status
    assert [tuple(p) for p in error.problems] == [("progress", "too long")]


def test_unknown_codes_fall_back_on_the_status() -> None:
    assert type(error_from_problem(404, "new_code", "x")) is stratmon.NotFound
    assert type(error_from_problem(503, "new_code", "x")) is stratmon.StorageError
    assert type(error_from_problem(418, "new_code", "x")) is stratmon.Error


def test_message_lists_problems() -> None:
    error = error_from_problem(
        422, "validation", "invalid input", [{"field": "progress", "message": "too long"}]
    )
    assert str(error) == "invalid input (progress: too long)"
