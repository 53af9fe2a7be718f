"""Portable file operations for the single writer: an exclusive lock and an atomic replace.

POSIX uses flock; Windows locks the first byte with msvcrt and retries the rename while a
reader still has the old file open (Windows refuses to replace an open file).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import BinaryIO

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def lock_file(f: BinaryIO) -> None:
        f.seek(0)
        while True:
            try:
                msvcrt.locking(f.fileno(), msvcrt.LK_LOCK, 1)
                return
            except OSError:  # LK_LOCK gives up after ~10 s; keep queueing like flock
                time.sleep(0.5)

    def try_lock_file(f: BinaryIO) -> bool:
        f.seek(0)
        try:
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def unlock_file(f: BinaryIO) -> None:
        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def lock_file(f: BinaryIO) -> None:
        fcntl.flock(f, fcntl.LOCK_EX)

    def try_lock_file(f: BinaryIO) -> bool:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def unlock_file(f: BinaryIO) -> None:
        fcntl.flock(f, fcntl.LOCK_UN)


def replace_file(src: Path, dst: Path, attempts: int = 50) -> None:
    """os.replace, retried on PermissionError (Windows: a reader holds dst open)."""
    for i in range(attempts):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if i == attempts - 1:
                raise
            time.sleep(0.1)


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
