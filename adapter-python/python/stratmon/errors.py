"""The exceptions of stratmon: one class per kind of refusal, all under `Error`.

Both modes raise the same classes: the embedded store answers with the same
problem `code` the server sends (the table in `adapter-http/src/error.rs`),
and `error_from_problem` is the one place that turns a code into a class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Sequence, Type

__all__ = [
    "Problem",
    "Error",
    "NotFound",
    "PermissionDenied",
    "Conflict",
    "StaleVersion",
    "ValidationError",
    "WindowClosed",
    "InvalidTransition",
    "AuthError",
    "Throttled",
    "PasswordChangeRequired",
    "StorageError",
    "TransportError",
    "error_from_problem",
]


@dataclass(frozen=True)
class Problem:
    """One problem with one field: its path (e.g. `indicator_facts.IND-1`),
    a message, and whether it is an `error` or a `warning`.

    Unpacks as `(field, message)`.
    """

    field: str
    message: str
    severity: str = "error"

    def __iter__(self) -> Iterator[str]:
        return iter((self.field, self.message))

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "Problem":
        return cls(
            field=str(data.get("field", "")),
            message=str(data.get("message", "")),
            severity=str(data.get("severity", "error")),
        )

    def to_dict(self) -> Dict[str, str]:
        return {"field": self.field, "message": self.message, "severity": self.severity}


class Error(Exception):
    """Any refusal by stratmon.

    `code` is the stable problem code (`not_found`, `validation`, …),
    `status` the HTTP status it has in the API, `detail` the message.
    """

    code: str
    status: int
    detail: str
    problems: List[Problem]

    def __init__(
        self,
        detail: str,
        *,
        code: str = "error",
        status: int = 500,
        problems: Optional[Sequence[Problem]] = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code
        self.status = status
        self.problems = list(problems or [])

    def __str__(self) -> str:
        missing = [p for p in self.problems if p.message not in self.detail]
        if not missing:
            return self.detail
        listed = "; ".join(f"{p.field}: {p.message}" for p in missing)
        return f"{self.detail} ({listed})"


class NotFound(Error):
    """The object does not exist or is outside the user's scope."""


class PermissionDenied(Error):
    """The user's roles do not allow this."""


class Conflict(Error):
    """The object is not in a state that allows this (e.g. already exists)."""


class StaleVersion(Conflict):
    """The version acted on is out of date: reload and try again."""


class ValidationError(Error, ValueError):
    """The input is wrong; `problems` lists `(field path, message)` pairs."""


class WindowClosed(Error):
    """The reporting calendar does not allow this now."""


class InvalidTransition(Error):
    """The report or plan is not in a state this action applies to."""


class AuthError(Error):
    """No session, a wrong password, or an expired or ended session."""


class Throttled(AuthError):
    """Too many failed logins: wait before trying again."""


class PasswordChangeRequired(Error):
    """The password is a one-time one: call `Session.change_password` first."""


class StorageError(Error):
    """The store (or the server) could not complete the request."""


class TransportError(Error):
    """The server could not be reached or answered something unreadable."""


_BY_CODE: Dict[str, Type[Error]] = {
    "not_found": NotFound,
    "route_not_found": NotFound,
    "permission_denied": PermissionDenied,
    "conflict": Conflict,
    "stale_version": StaleVersion,
    "validation": ValidationError,
    "invalid_body": ValidationError,
    "malformed_json": ValidationError,
    "malformed_if_match": ValidationError,
    "precondition_required": ValidationError,
    "bad_request": ValidationError,
    "bad_query": ValidationError,
    "bad_path": ValidationError,
    "body_too_large": ValidationError,
    "unsupported_media_type": ValidationError,
    "bad_clock": ValidationError,
    "bad_backend": ValidationError,
    "window_closed": WindowClosed,
    "invalid_transition": InvalidTransition,
    "unauthorized": AuthError,
    "too_many_attempts": Throttled,
    "password_change_required": PasswordChangeRequired,
    "internal": StorageError,
}


def error_from_problem(
    status: int, code: str, detail: str, problems: Sequence[Dict[str, Any]] = ()
) -> Error:
    """The exception for a problem answer: the class by `code`, falling back
    on the HTTP status for codes this version does not know."""
    cls = _BY_CODE.get(code)
    if cls is None:
        if status == 404:
            cls = NotFound
        elif status == 403:
            cls = PermissionDenied
        elif status in (409, 412):
            cls = Conflict
        elif status in (400, 422):
            cls = ValidationError
        elif status == 401:
            cls = AuthError
        elif status >= 500:
            cls = StorageError
        else:
            cls = Error
    return cls(
        detail or code,
        code=code,
        status=status,
        problems=[Problem.from_dict(p) for p in problems if isinstance(p, dict)],
    )


def invalid(field: str, message: str) -> ValidationError:
    """A client-side validation error about one field (raised before any
    request, the same in both modes)."""
    return ValidationError(
        f"invalid `{field}`: {message}",
        code="validation",
        status=422,
        problems=[Problem(field, message)],
    )
