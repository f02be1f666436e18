"""What `stratmon.open` and `stratmon.connect` return: an embedded `Store`
or a remote `Server`, each with `login` giving a `Session`."""

from __future__ import annotations

import datetime as _dt
import json
from typing import (
    Any,
    Dict,
    List,
    Optional,
)

from ._checks import _text
from ._session import Session
from ._transport import HttpTransport, NativeTransport, _Api, _native_call
from .errors import AuthError, invalid
from .types import (
    User,
)


class _Connection:
    """What `open` and `connect` return: log in to get a `Session`."""

    _api: _Api

    def login(self, login: str, password: str) -> Session:
        """Logs in. A user with a one-time password gets a session whose
        only use is `change_password` (other calls raise
        `PasswordChangeRequired`)."""
        data, _ = self._api.call(
            "POST",
            "/auth/login",
            body={"login": _text(login, "login"), "password": _text(password, "password")},
        )
        if not isinstance(data, dict) or "token" not in data:
            raise AuthError("the login answer holds no token", code="unauthorized", status=401)
        expires = data.get("expires_at")
        return Session(
            self._api,
            str(data["token"]),
            User.from_dict(data.get("user") or {}),
            bool(data.get("must_change_password", False)),
            _dt.datetime.fromisoformat(str(expires).replace("Z", "+00:00")) if expires else None,
        )


class Server(_Connection):
    """A running `stratmon-server`, reached over HTTP."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.transport = HttpTransport(url, timeout)
        self._api = _Api(self.transport)
        self.url = self.transport.base

    def __repr__(self) -> str:
        return f"<stratmon.Server {self.url}>"


class Store(_Connection):
    """An embedded store (SQLite file or sled directory) in this process.

    Other processes - a `stratmon-server`, another script - may open the same
    SQLite file at the same time.
    """

    def __init__(
        self, path: str, *, backend: str = "sqlite", clock: Optional[_dt.datetime] = None
    ) -> None:
        from . import _native

        if not isinstance(path, str):
            path = str(path)
        instant: Optional[str] = None
        if clock is not None:
            if not isinstance(clock, _dt.datetime) or clock.tzinfo is None:
                raise invalid("clock", "expected a timezone-aware datetime")
            instant = clock.isoformat()
        if backend not in ("sqlite", "sled"):
            raise invalid("backend", f"unknown backend `{backend}`; use `sqlite` or `sled`")
        self.path = path
        self.backend = backend
        self._native: Any = _native_call(_native.Store, path, backend, instant)
        self.transport = NativeTransport(self._native)
        self._api = _Api(self.transport)

    def __repr__(self) -> str:
        return f"<stratmon.Store {self.backend}:{self.path}>"

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the store (also done when the object is collected)."""
        self._native = None
        self.transport.native = None

    def set_clock(self, at: _dt.datetime) -> None:
        """Moves the stopped clock of a store opened with `clock=`."""
        if not isinstance(at, _dt.datetime) or at.tzinfo is None:
            raise invalid("at", "expected a timezone-aware datetime")
        _native_call(self._native.set_clock, at.isoformat())

    def initialize(
        self,
        *,
        admin_login: str = "admin",
        admin_full_name: str = "Администратор Информационной Системы",
        admin_position: str = "администратор ИАС",
        participant_id: str = "mincifra",
        participant_name: str = "Министерство цифрового развития и связи Кузбасса",
        participant_kind: str = "executive_body",
    ) -> str:
        """Creates the first Admin in an empty store and returns the one-time
        password (to be changed at first login). Raises `Conflict` once the
        store has users."""
        participant = {
            "id": _text(participant_id, "participant_id"),
            "name": _text(participant_name, "participant_name"),
            "kind": _text(participant_kind, "participant_kind"),
            "status": "active",
            "settings": {},
        }
        admin = {
            "login": _text(admin_login, "admin_login"),
            "full_name": _text(admin_full_name, "admin_full_name"),
            "position": _text(admin_position, "admin_position"),
            "participant": participant_id,
            "roles": ["admin"],
            "status": "active",
        }
        password: str = _native_call(
            self._native.initialize, json.dumps(participant), json.dumps(admin)
        )
        return password

    def seed_demo(self, password: str) -> List[Dict[str, str]]:
        """Fills an empty store with the demo region of `stratmon-server demo`
        (every user gets `password`); returns the users."""
        users: List[Dict[str, str]] = json.loads(
            _native_call(self._native.seed_demo, _text(password, "password"))
        )
        return users


def open(path: Any, backend: str = "sqlite", *, clock: Optional[_dt.datetime] = None) -> Store:
    """Opens (creating if needed) an embedded store: a SQLite file
    (`backend="sqlite"`, the default) or a sled directory. `clock`, a
    timezone-aware datetime, stops the store's clock there (tests,
    simulations); without it the system clock is read."""
    return Store(str(path), backend=backend, clock=clock)


def connect(url: str, *, timeout: float = 30.0) -> Server:
    """A running `stratmon-server` at `url` (e.g. `http://127.0.0.1:8080/`)."""
    return Server(url, timeout=timeout)
