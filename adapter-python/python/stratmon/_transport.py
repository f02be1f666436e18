"""Transports and the request layer shared by both modes.

A *transport* answers API requests `(method, path, headers, body) ->
(status, headers, body)`:

- embedded: `stratmon._native.Store.request`, which hands the request to the
  HTTP adapter's router in process (no socket) over a `Service` on the store;
- remote: `urllib.request` against a running `stratmon-server`.

Remote mode is pure Python on the standard library on purpose: it needs no
TLS or HTTP stack compiled into the wheel and works wherever the server is
reachable. Because the embedded mode answers the very same requests, both
modes share `_Api` here, the `Session` (`_session.py`), the conversion layer
(`types.py`) and the error mapping (`errors.py`); the suite runs every
session test in both modes.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from typing import (
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Mapping,
    Optional,
    Protocol,
    Tuple,
)

from ._checks import _int
from .errors import StorageError, TransportError, error_from_problem, invalid
from .types import (
    Model,
)

Headers = List[Tuple[str, str]]
Answer = Tuple[int, Dict[str, str], bytes]

#: The largest request body the client sends; the core checks every field
#: itself, this only keeps a runaway value from being shipped at all.
MAX_REQUEST_BYTES = 2 * 1024 * 1024


class Transport(Protocol):
    """Something that answers API requests (paths under `/api/v1`)."""

    def request(
        self, method: str, path: str, headers: Headers, body: Optional[bytes]
    ) -> Answer: ...


class HttpTransport:
    """The remote transport: HTTP/1.1 via `urllib.request`."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise invalid("url", f"`{url}` is not an http(s) URL of a stratmon-server")
        self.base = f"{parsed.scheme}://{parsed.netloc}{parsed.path.rstrip('/')}"
        if not self.base.endswith("/api/v1"):
            self.base += "/api/v1"
        self.timeout = timeout
        handlers: List[urllib.request.BaseHandler] = []
        if _is_loopback(parsed.hostname or ""):
            # A proxy from the environment must not see loopback traffic.
            handlers.append(urllib.request.ProxyHandler({}))
        self._opener = urllib.request.build_opener(*handlers)

    def request(self, method: str, path: str, headers: Headers, body: Optional[bytes]) -> Answer:
        req = urllib.request.Request(
            self.base + path, data=body, method=method, headers=dict(headers)
        )
        try:
            with self._opener.open(req, timeout=self.timeout) as response:
                return response.status, _lower(response.headers.items()), response.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, _lower(e.headers.items()), e.read()
        except (urllib.error.URLError, OSError) as e:
            raise TransportError(
                f"cannot reach the server at `{self.base}`: {e}", code="transport", status=0
            ) from e


class NativeTransport:
    """The embedded transport: the native store answers in process."""

    def __init__(self, native: Any) -> None:
        self.native = native

    def request(self, method: str, path: str, headers: Headers, body: Optional[bytes]) -> Answer:
        if self.native is None:
            raise StorageError("the store is closed", code="closed", status=0)
        status, answer_headers, data = _native_call(
            self.native.request, method, path, headers, body
        )
        return status, _lower(answer_headers), bytes(data)


def _native_call(fn: Callable[..., Any], *args: Any) -> Any:
    """Calls the native module, raising its refusals as stratmon errors."""
    from . import _native

    try:
        return fn(*args)
    except _native.NativeError as e:
        status, code, detail, problems = e.args
        raise error_from_problem(
            int(status), str(code), str(detail), json.loads(problems)
        ) from None


def _lower(items: Iterable[Tuple[str, str]]) -> Dict[str, str]:
    return {k.lower(): v for k, v in items}


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Model):
        return value.to_dict()
    raise TypeError(f"cannot send {type(value).__name__}")


class _Api:
    """Requests with JSON bodies and answers, problem answers as exceptions."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def call(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        body: Any = None,
        if_match: Optional[int] = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> Tuple[Any, Optional[int]]:
        """`(JSON answer or None, version from ETag or None)`."""
        status, answer_headers, raw = self._send(
            method, path, token=token, body=body, if_match=if_match, query=query
        )
        parsed: Any = None
        if raw:
            try:
                parsed = json.loads(raw.decode("utf-8"), parse_float=Decimal)
            except (UnicodeDecodeError, ValueError) as e:
                raise TransportError(
                    f"unreadable answer ({status}) to {method} {path}",
                    code="transport",
                    status=status,
                ) from e
        etag = answer_headers.get("etag")
        version = None
        if etag:
            text = etag.strip()
            if text.startswith("W/"):
                text = text[2:]
            text = text.strip('"')
            version = int(text) if text.isdigit() else None
        return parsed, version

    def call_file(
        self,
        method: str,
        path: str,
        *,
        data: bytes,
        content_type: str,
        token: Optional[str] = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> Any:
        """Sends a file as the body; the JSON answer."""
        raw = self._send(
            method, path, token=token, query=query, file=(data, content_type)
        )[2]
        return json.loads(raw.decode("utf-8"), parse_float=Decimal) if raw else None

    def call_raw(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        query: Optional[Mapping[str, Any]] = None,
    ) -> bytes:
        """The answer's bytes (files); refusals raise as usual."""
        return self._send(method, path, token=token, query=query, accept="*/*")[2]

    def _send(
        self,
        method: str,
        path: str,
        *,
        token: Optional[str] = None,
        body: Any = None,
        if_match: Optional[int] = None,
        query: Optional[Mapping[str, Any]] = None,
        accept: str = "application/json",
        file: Optional[Tuple[bytes, str]] = None,
    ) -> Answer:
        """Sends one request; a problem answer raises its exception."""
        headers: Headers = [("Accept", accept)]
        if token is not None:
            headers.append(("Authorization", f"Bearer {token}"))
        if if_match is not None:
            headers.append(("If-Match", f'"{_int(if_match, "version")}"'))
        data: Optional[bytes] = None
        if body is not None:
            data = json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")
            if len(data) > MAX_REQUEST_BYTES:
                raise invalid("body", f"the request is {len(data)} bytes, over {MAX_REQUEST_BYTES}")
            headers.append(("Content-Type", "application/json"))
        if file is not None:
            data, content_type = file
            headers.append(("Content-Type", content_type))
        if query:
            pairs = [(k, _query_value(v)) for k, v in query.items() if v is not None]
            if pairs:
                path += "?" + urllib.parse.urlencode(pairs)
        status, answer_headers, raw = self.transport.request(method, path, headers, data)
        if status >= 400:
            problem: Any = None
            try:
                problem = json.loads(raw.decode("utf-8")) if raw else None
            except (UnicodeDecodeError, ValueError):
                problem = None
            body_ = problem if isinstance(problem, dict) else {}
            raise error_from_problem(
                status,
                str(body_.get("code", "")),
                str(body_.get("detail", "")),
                body_.get("problems") or [],
            )
        return status, answer_headers, raw


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise invalid("query", "datetimes must be timezone-aware")
        return value.isoformat()
    return str(value)
