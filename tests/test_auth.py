"""lib.auth on real secrets files in tmp_path: scrypt hashes, other secrets kept, slowed failures."""

from __future__ import annotations

import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from lib import auth
from lib.errors import GongkaiError

ROOT = Path(__file__).resolve().parent.parent


def test_add_user_then_verify(tmp_path):
    path = tmp_path / ".streamlit" / "secrets.toml"
    auth.add_user(path, "alice", "correct horse")
    users = auth.load_users(path)
    assert set(users) == {"alice"}
    assert users["alice"].startswith("scrypt$")
    assert "correct horse" not in path.read_text(encoding="utf-8")
    assert auth.verify(users, "alice", "correct horse", sleep=lambda s: None)
    assert not auth.verify(users, "alice", "wrong password", sleep=lambda s: None)
    assert not auth.verify(users, "bob", "correct horse", sleep=lambda s: None)


def test_same_password_gets_a_different_salt(tmp_path):
    path = tmp_path / "secrets.toml"
    auth.add_user(path, "a", "password1")
    auth.add_user(path, "b", "password1")
    users = auth.load_users(path)
    assert users["a"] != users["b"]


def test_other_secrets_are_kept_and_password_changes(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text('api_key = "xyz"\n\n[other]\nx = 1\n', encoding="utf-8")
    auth.add_user(path, "王科长", "first-password")
    auth.add_user(path, "li", "second-password")
    auth.add_user(path, "王科长", "changed-password")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["api_key"] == "xyz" and data["other"] == {"x": 1}
    users = auth.load_users(path)
    assert set(users) == {"王科长", "li"}
    assert auth.verify(users, "王科长", "changed-password", sleep=lambda s: None)
    assert not auth.check_password("first-password", users["王科长"])


def test_bad_inputs_are_one_line_errors(tmp_path):
    path = tmp_path / "secrets.toml"
    with pytest.raises(GongkaiError, match="at least 8"):
        auth.add_user(path, "alice", "short")
    with pytest.raises(GongkaiError, match="user name"):
        auth.add_user(path, "bad name!", "long enough")
    path.write_text("this is = not [toml\n", encoding="utf-8")
    with pytest.raises(GongkaiError, match="not a valid TOML"):
        auth.add_user(path, "alice", "long enough")


def test_failed_logins_wait_longer_each_time(tmp_path):
    path = tmp_path / "secrets.toml"
    auth.add_user(path, "carol", "carol-password")
    users = auth.load_users(path)
    waits: list[float] = []
    for _ in range(4):
        assert not auth.verify(users, "carol", "guess", sleep=waits.append)
    assert waits == sorted(waits) and waits[0] > 0 and waits[-1] > waits[0] * 4
    # the real sleep really waits
    t0 = time.monotonic()
    assert not auth.verify(users, "carol", "guess")
    assert time.monotonic() - t0 >= auth.failure_delay("carol") * 0.9 - 1e-3
    # success resets the counter
    assert auth.verify(users, "carol", "carol-password", sleep=waits.append)
    assert auth.failure_delay("carol") == 0.0


def test_cli_adduser_reads_password_from_stdin(tmp_path):
    path = tmp_path / "secrets.toml"
    r = subprocess.run(
        [sys.executable, "-m", "lib", "adduser", "dave", "--secrets", str(path)],
        input="dave-password\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert auth.verify(auth.load_users(path), "dave", "dave-password", sleep=lambda s: None)
