"""Parsing for the ingest, in worker processes: a file's bytes → its report, the registry's
body for it, the prose checks and the prose signature. Everything here is pure (no database),
so it runs anywhere; the one writer (lib.ingest) stores the results in order.

Workers come from a forkserver that has imported the parser once: a worker starts in
milliseconds, and nothing the writer holds (DuckDB's threads and locks) is forked.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from lib.errors import GongkaiError, one_line
from lib.parse.registry import BodyInfo, Registry, names_no_body

SMALL_REGISTRY = 2000  # names searched in every report's prose when its county is unknown
MIN_FOR_POOL = 8  # fewer files to parse than this: not worth the workers' start


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def parse_one(name: str, data: bytes):
    """The report, or the reason (one line) it cannot be stored."""
    from lib.parse import parse_file

    try:
        rep = parse_file(name, data=data, name=name)
    except GongkaiError as e:
        return e.reason
    except Exception as e:  # a parser bug must not stop the other files
        return f"internal error while parsing ({type(e).__name__}: {e})"
    if not rep.body:
        return "the body's name was not found in the document"
    if names_no_body(rep.body):
        return (f"the body's name {one_line(rep.body)!r} is only a level word, not a body "
                "(check the report's title)")  # fmt: skip
    if rep.year is None:
        return "the report year was not found in the document"
    return rep


def _prose_findings(report, registry: Registry, county: str | None) -> list:
    """Wrong name/level/year and prose-vs-table checks (lib.check.prose). Other bodies'
    names come from the report's county (where copies come from); all names only while the
    registry is small, as each name is searched in the text."""
    from lib.check import prose

    names = registry.names(county) if county else registry.names()
    if not county and len(names) > SMALL_REGISTRY:
        names = frozenset()
    return [("prose", f) for f in prose.check_prose(report, names)]


def _prose_signature(report) -> bytes | None:
    from lib.check import similarity

    return similarity.signature(similarity.prose_text(report), report.body)


@dataclass
class Parsed:
    """One file's outcome: `reason` when it failed, else the report and what goes with it."""

    reason: str | None = None
    report: object | None = None
    body: BodyInfo | None = None
    findings: list | None = None
    signature: bytes | None = None
    worker: int = 0  # the process that parsed it


def _parsed(*fields) -> Parsed:
    return Parsed(*fields, worker=os.getpid())


def analyse(name: str, data: bytes, county_hint: str | None, registry: Registry) -> Parsed:
    rep = parse_one(name, data)
    if isinstance(rep, str):
        return _parsed(rep)
    info = registry.resolve(rep.body, county_hint)
    try:
        found = _prose_findings(rep, registry, info.county)
        sig = _prose_signature(rep)
    except Exception as e:  # a checker bug must not stop the other files
        return _parsed(f"internal error in prose checks ({e})")
    return _parsed(None, rep, info, found, sig)


_REGISTRY: Registry | None = None  # a worker's copy, set once when it starts


def _start(registry: Registry) -> None:
    global _REGISTRY
    _REGISTRY = registry


def _work(job: tuple[str, bytes, str | None]) -> Parsed:
    assert _REGISTRY is not None
    return analyse(*job, _REGISTRY)


class ParsePool:
    """`map` parses a batch in order; with jobs > 1 (and enough files) in worker processes."""

    def __init__(self, registry: Registry, jobs: int = 1):
        self.registry, self.jobs = registry, max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    @property
    def parallel(self) -> bool:
        return self.jobs > 1

    def map(self, jobs: list[tuple[str, bytes, str | None]]) -> list[Parsed]:
        return self.submit(jobs)()

    def submit(self, jobs: list[tuple[str, bytes, str | None]]):
        """Start parsing; returns a function that waits for the results (in order). In this
        process, the parsing happens when that function is called."""
        if self.jobs == 1 or (self._pool is None and len(jobs) < MIN_FOR_POOL):
            return lambda: [analyse(*j, self.registry) for j in jobs]
        if self._pool is None:
            ctx = mp.get_context("forkserver")
            ctx.set_forkserver_preload(["lib.parse", "lib.check.prose", "lib.check.similarity"])
            self._pool = ProcessPoolExecutor(self.jobs, ctx, initializer=_start,
                                             initargs=(self.registry,))  # fmt: skip
        # small pieces keep every worker busy to the end of the batch
        size = max(1, min(16, len(jobs) // (self.jobs * 4)))
        results = self._pool.map(_work, jobs, chunksize=size)  # submitted now
        return lambda: list(results)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
