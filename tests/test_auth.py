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


class FakeClock:
    """Time that moves only when someone sleeps (sequential throttle arithmetic)."""

    def __init__(self):
        self.now, self.waits = 1000.0, []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.waits.append(s)
        self.now += s


@pytest.fixture
def fresh_throttle(monkeypatch):
    monkeypatch.setattr(auth, "_failures", {})


def test_failed_logins_wait_longer_each_time(tmp_path, fresh_throttle):
    path = tmp_path / "secrets.toml"
    auth.add_user(path, "carol", "carol-password")
    users = auth.load_users(path)
    clock = FakeClock()
    for _ in range(5):
        ok, retry = auth.attempt(users, "carol", "guess", sleep=clock.sleep, clock=clock)
        assert not ok and retry == 0
    # the first attempt runs at once, each later one waits twice as long as the one before
    assert clock.waits == [0.25, 0.5, 1.0, 2.0]
    # the real clock and sleep really wait: the second guess on a name starts 0.25 s later
    assert not auth.verify(users, "carl", "guess")
    t0 = time.monotonic()
    assert not auth.verify(users, "carl", "guess")
    assert time.monotonic() - t0 >= auth.BASE_DELAY * 0.9
    # success resets the counter
    clock.now += 60
    assert auth.attempt(users, "carol", "carol-password", sleep=clock.sleep, clock=clock)[0]
    assert auth.failure_delay("carol") == 0.0


def test_a_long_queue_is_refused_without_checking(tmp_path, fresh_throttle, monkeypatch):
    monkeypatch.setattr(auth, "check_password", lambda *a: pytest.fail("password was checked"))
    clock = FakeClock()
    auth._failures[("user", "erin")] = [6, clock.now + 30, clock.now]
    ok, retry = auth.attempt({}, "erin", "guess", sleep=clock.sleep, clock=clock)
    assert not ok and retry == pytest.approx(30)
    assert clock.waits == []


def _parallel_guesses(users, names, addrs, n=32):
    checked, results = [], []
    real = auth.check_password

    def counting(pw, stored):
        checked.append(pw)
        return real(pw, stored)

    def guess(i):
        results.append(auth.attempt(users, names[i % len(names)], f"guess{i}",
                                    addr=addrs[i % len(addrs)]))  # fmt: skip

    import threading

    auth.check_password = counting
    try:
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(n)]
        t0 = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        return checked, results, time.monotonic() - t0
    finally:
        auth.check_password = real


@pytest.mark.parametrize(
    "names, addrs",
    [(["frank"], ["10.0.0.1"]),  # one user, one address
     (["frank"], [f"10.0.0.{i}" for i in range(32)]),  # one user from many addresses
     ([f"user{i}" for i in range(32)], ["10.0.0.1"])],  # many names from one address
)  # fmt: skip
def test_parallel_wrong_guesses_queue_per_user_and_per_address(
    tmp_path, fresh_throttle, monkeypatch, names, addrs
):
    monkeypatch.setattr(auth, "BASE_DELAY", 0.05)
    monkeypatch.setattr(auth, "MAX_DELAY", 0.4)
    path = tmp_path / "secrets.toml"
    auth.add_user(path, "frank", "frank-password")
    checked, results, _took = _parallel_guesses(auth.load_users(path), names, addrs)
    assert len(results) == 32 and not any(ok for ok, _ in results)
    # attempts start at 0, .05, .15, .35 s; the next would wait .75 s > MAX_DELAY: refused
    assert len(checked) <= 5, len(checked)
    assert sum(1 for _, retry in results if retry > 0) >= 27


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
