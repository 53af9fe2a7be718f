"""What a slow reading step (OCR of a page, a LibreOffice conversion) gave for the same bytes,
kept in this process: the upload page reads every file twice (its preview, then the load), and
a scan costs seconds a page. Bounded, thread-safe (the dashboard serves sessions on threads),
and handing out copies so a reader that changes what it got cannot change the next one's."""

from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict


class Memo:
    def __init__(self, size: int):
        self.size = size
        self._kept: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(*parts) -> tuple:
        """Bytes parts by their SHA-256 (a page image is megabytes), the rest as they are."""
        return tuple(hashlib.sha256(p).digest() if isinstance(p, bytes) else p for p in parts)

    def get(self, key: tuple):
        with self._lock:
            if key not in self._kept:
                return None
            self._kept.move_to_end(key)
            return copy.deepcopy(self._kept[key])

    def put(self, key: tuple, value) -> None:
        with self._lock:
            self._kept[key] = copy.deepcopy(value)
            self._kept.move_to_end(key)
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
