"""Users of the upload page: scrypt password hashes kept in `.streamlit/secrets.toml`.

The file holds a table the rest of the secrets file does not use:

    [gongkai.users]
    alice = "scrypt$16384$8$1$<salt hex>$<hash hex>"

`add_user` edits only that table's lines, so other secrets in the file are kept as written.
Failed logins are slowed down per user name and per client address (shared by all sessions of
the server): each consecutive failure doubles the wait before the next attempt is checked.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path

from lib.errors import GongkaiError

SECTION = "gongkai.users"
_N, _R, _P = 2**14, 8, 1
BASE_DELAY = 0.25  # seconds after the first failure; doubles per failure
MAX_DELAY = 8.0
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,64}$")

FORGET_AFTER = 15 * 60.0  # seconds without an attempt after which failures are forgotten
# ("user", name) or ("addr", address) -> [failures, not before (monotonic s), last attempt]
_failures: dict[tuple[str, str], list] = {}
_lock = threading.Lock()


def default_secrets_path(root: Path | None = None) -> Path:
    """GONGKAI_SECRETS, else `.streamlit/secrets.toml` under `root` (the project folder)."""
    env = os.environ.get("GONGKAI_SECRETS")
    if env:
        return Path(env)
    return (root or Path.cwd()) / ".streamlit" / "secrets.toml"


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got.hex(), digest)


def load_users(path: Path) -> dict[str, str]:
    """User name -> stored hash from a secrets file; {} when the file or table is absent."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise GongkaiError(str(path), f"not a valid TOML secrets file ({e})") from None
    users = data.get("gongkai", {}).get("users", {})
    return {str(k): str(v) for k, v in users.items() if isinstance(v, str)}


def add_user(secrets_path: Path, user: str, password: str) -> None:
    """Add `user` or change their password; other content of the file is left as written."""
    secrets_path = Path(secrets_path)
    if not _NAME.match(user):
        raise GongkaiError(
            str(secrets_path), f"user name {user!r} must be 1-64 letters, digits, _ . -"
        )
    if len(password) < 8:
        raise GongkaiError(str(secrets_path), "password must have at least 8 characters")
    load_users(secrets_path)  # refuse to edit a file that is not valid TOML
    text = secrets_path.read_text(encoding="utf-8") if secrets_path.exists() else ""
    lines = text.splitlines()
    entry = f'"{user}" = "{hash_password(password)}"'
    header = f"[{SECTION}]"
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == header)
    except StopIteration:
        if lines and lines[-1].strip():
            lines.append("")
        lines += [header, entry]
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if lines[i].lstrip().startswith("[")),
            len(lines),
        )
        key_re = re.compile(rf'^\s*"?{re.escape(user)}"?\s*=')
        for i in range(start + 1, end):
            if key_re.match(lines[i]):
                lines[i] = entry
                break
        else:
            lines.insert(end, entry)
    secrets_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = secrets_path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(tmp, 0o600)
    tmp.replace(secrets_path)
    if load_users(secrets_path).get(user) is None:  # pragma: no cover - defensive
        raise GongkaiError(str(secrets_path), "could not write the user")


def _delay(n: int) -> float:
    return 0.0 if n <= 0 else min(BASE_DELAY * 2 ** (n - 1), MAX_DELAY)


def failure_delay(user: str, addr: str | None = None) -> float:
    """Seconds the next failed login for `user` (from `addr`) will add (0 when none failed)."""
    with _lock:
        n = max(_failures.get(k, [0, 0.0, 0.0])[0] for k in _keys(user, addr))
    return _delay(n)


def _keys(user: str, addr: str | None) -> list[tuple[str, str]]:
    return [("user", user)] + ([("addr", addr)] if addr else [])


def attempt(
    users: Mapping[str, str],
    user: str,
    password: str,
    addr: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> tuple[bool, float]:
    """Check a login: (ok, retry_after). Attempts on one user name, and from one address, are
    taken one after the other, each failure doubling the wait before the next one, so parallel
    guesses queue instead of all running at once. An attempt that would have to wait more than
    MAX_DELAY is refused at once without checking the password (retry_after > 0)."""
    keys = _keys(user, addr)
    with _lock:
        now = clock()
        for k in keys:  # a quiet spell forgives old failures
            st = _failures.get(k)
            if st is not None and now - st[2] > FORGET_AFTER:
                del _failures[k]
        start = max([now] + [_failures[k][1] for k in keys if k in _failures])
        if start - now > MAX_DELAY:
            return False, start - now
        # Count this attempt as failed until it is known to succeed: parallel attempts then
        # queue behind it instead of all starting now.
        for k in keys:
            st = _failures.setdefault(k, [0, 0.0, now])
            st[0] += 1
            st[1] = max(st[1], start) + _delay(st[0])
            st[2] = now
    if start > now:
        sleep(start - now)
    stored = users.get(user)
    # Hash even for unknown users so timing does not reveal which names exist.
    ok = check_password(password, stored or hash_password("", b"0" * 16)) and stored is not None
    if ok:
        with _lock:
            _failures.pop(("user", user), None)
            if addr and ("addr", addr) in _failures:  # this attempt was not a failure
                st = _failures[("addr", addr)]
                st[0] = max(0, st[0] - 1)
                st[1] = clock() + _delay(st[0]) if st[0] else 0.0
    return ok, 0.0


def verify(
    users: Mapping[str, str],
    user: str,
    password: str,
    sleep: Callable[[float], None] = time.sleep,
    addr: str | None = None,
) -> bool:
    """True when `password` matches `user`'s hash (see `attempt` for the throttle)."""
    return attempt(users, user, password, addr, sleep=sleep)[0]


def settings(path: Path) -> dict:
    """The `[gongkai]` options of the secrets file other than users (e.g. login_everywhere)."""
    path = Path(path)
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    return {k: v for k, v in data.get("gongkai", {}).items() if k != "users"}
