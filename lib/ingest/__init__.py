"""Ingest: files, folders and zips → parsed reports → the warehouse, safely and idempotently.

- The same file again (sha256) changes nothing: "already loaded".
- A different file for a (body, year) already stored becomes current; the old one is kept,
  marked superseded. Within one run the file met later (sorted path order) wins.
- A file that fails is logged with its reason; every other file still loads.
- Reports are written in batches, each batch one transaction (all or nothing); if a batch
  fails, its reports are retried one by one so that one bad report cannot sink its
  neighbours. The whole run is published atomically (lib.store.Writer): readers see the
  database before or after the run, never in between.
- Cross-year rules (R5, R6) are recomputed for every body the run touched.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lib import store
from lib.errors import GongkaiError, one_line, safe_text
from lib.ingest.archive import REPORT_SUFFIXES, Source, SourceError, expand_uploads, walk
from lib.ingest.pool import ParsePool, parse_one
from lib.parse.registry import BodyInfo, Registry

BATCH = 256  # reports per transaction: bounds memory (bytes and parsed reports of one batch)
BATCH_BYTES = 64 * 1024 * 1024  # and bytes per batch (two batches are in memory at once)
KEEP_ITEMS = 5000
BODY_CHUNK = 500  # bodies per R5/R6 step (≈ 3,500 reports' carry-over cells in memory)
MAX_SIMILAR = 3  # similarity findings kept per report (its strongest matches)  # per-file results kept for the summary beyond failures


@dataclass
class Item:
    file: str
    result: str  # loaded | superseded_previous | already_loaded | failed
    reason: str | None = None
    report_id: int | None = None
    body: str | None = None
    year: int | None = None


@dataclass
class IngestSummary:
    db: Path
    counts: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(
            ("loaded", "superseded_previous", "already_loaded", "failed", "skipped"), 0
        )
    )
    items: list[Item] = field(default_factory=list)  # every failure + the first KEEP_ITEMS
    failures: list[Item] = field(default_factory=list)

    def add(self, item: Item) -> None:
        self.counts[item.result] += 1
        if item.result == "failed":
            self.failures.append(item)
            self.items.append(item)
        elif len(self.items) < KEEP_ITEMS:
            self.items.append(item)

    @property
    def ok(self) -> bool:
        return not self.failures

    def text(self) -> str:
        c = self.counts
        line = (
            f"{one_line(self.db)}: loaded {c['loaded']}, superseded a previous version "
            f"{c['superseded_previous']}, already loaded {c['already_loaded']}, "
            f"failed {c['failed']}"
        )
        if c["skipped"]:
            line += f", skipped {c['skipped']} (not report files)"
        out = [line]
        if not any(c.values()):  # a wrong folder should not look like a quiet success
            kinds = " ".join(sorted(REPORT_SUFFIXES))
            out.append(f"no report files were found (looked for {kinds})")
        if self.failures:
            out.append(f"{len(self.failures)} file(s) failed:")
            out += [f"  {one_line(f.file)}: {one_line(f.reason)}" for f in self.failures]
        return "\n".join(out)


# ---------------------------------------------------------------- hooks to other checks
def year_findings(writer: store.Writer, body_ids: set[int]) -> None:
    """Recompute R5/R6 (lib.check.rules.check_years) for the bodies touched, per consecutive years."""
    try:
        from lib.check.rules import check_years
    except ImportError:
        return
    ids = sorted(body_ids)
    for i in range(0, len(ids), BODY_CHUNK):  # bounded memory at national scale
        chunk = ids[i : i + BODY_CHUNK]
        got = writer.con.execute(
            "SELECT r.body_id, r.year, r.report_id, r.template, r.single_other, c.key, "
            "c.value, c.blank FROM reports r JOIN cells c USING (report_id) "
            "WHERE r.current AND r.year IS NOT NULL AND r.body_id IN (SELECT unnest(?)) "
            "AND (c.key LIKE 's3.carried_over.%' OR c.key LIKE 's3.carried_forward.%' "
            "OR c.key LIKE 's2.%.in_force' OR c.key LIKE 's2.%.issued' "
            "OR c.key LIKE 's2.%.abolished')",
            [chunk],
        ).fetchall()
        series: dict[int, dict[int, dict]] = {}
        for body_id, year, rid, tpl, so, key, value, blank in got:
            rep = series.setdefault(body_id, {}).get(year)
            if rep is None:
                rep = {"report_id": rid, "year": year, "template": tpl, "single_other": so,
                       "cells": {}, "blank": set()}  # fmt: skip
                series[body_id][year] = rep
            rep["cells"][key] = value
            if blank:
                rep["blank"].add(key)
        rows = []
        for body_id, by_year in series.items():
            for y, cur in by_year.items():
                prev = by_year.get(y - 1)
                if prev is None:
                    continue
                for f in check_years([prev, cur]):
                    rows.append(store.finding_row(cur["report_id"], body_id, y, "years", f))
        writer.replace_findings("years", rows, body_ids=chunk)


def similarity_findings(writer: store.Writer, years: set[int]) -> None:
    """Copied prose (lib.check.similarity), recomputed for the current reports of the years the run
    touched and their neighbours (same-body year-on-year copies). One year at a time, with
    the year before for year-on-year pairs: memory holds two years of signatures at most."""
    try:
        from lib.check import similarity
    except ImportError:
        return
    ys = sorted({y + d for y in years for d in (-1, 0, 1)})
    scope = set(ys)
    rows, per_report = [], {}
    for y in ys:
        df = writer.query(
            "SELECT r.report_id, r.body_id, b.name AS body, r.year, r.prose_sig FROM reports r "
            "JOIN bodies b USING (body_id) WHERE r.current AND r.year IN (?, ?) "
            "AND r.prose_sig IS NOT NULL AND octet_length(r.prose_sig) > 0",
            [y - 1, y],
        )
        info = {int(r.report_id): r for r in df.itertuples(index=False)}
        items = [similarity.Item(rid, r.body, int(r.year), sig=bytes(r.prose_sig))
                 for rid, r in info.items()]  # fmt: skip
        for p in similarity.find_pairs(items):  # highest score first
            a, b = info[p.id_a], info[p.id_b]
            if p.kind == "same_year" and a.year != y:  # year y-1's own pairs: its own step
                continue
            for this, other, oid in ((a, b, p.id_b), (b, a, p.id_a)):
                rid = int(this.report_id)
                # A county copying one model report would make every pair similar: keep
                # each report's strongest matches only. Shared passages are left to the
                # dashboard (difflib on every pair would dominate the ingest time).
                if this.year not in scope or per_report.get(rid, 0) >= MAX_SIMILAR:
                    continue
                per_report[rid] = per_report.get(rid, 0) + 1
                f = similarity.pair_finding(p, this.body, oid, other.body, int(other.year))
                rows.append(store.finding_row(rid, int(this.body_id), int(this.year),
                                              "similarity", f))  # fmt: skip
    writer.replace_findings("similarity", rows, years=ys)


# ---------------------------------------------------------------- the run
def _registry(writer: store.Writer, registry) -> Registry:
    extra = registry if isinstance(registry, Registry) else None
    if registry is not None and extra is None:
        extra = Registry.load(registry)
    if extra is not None:
        writer.upsert_bodies(extra.bodies)
    reg = Registry()
    for _bid, name, county, level, aliases, population, assigned in writer.registry_rows():
        al = tuple(a for a in (aliases or "").split(";") if a)
        reg.add(BodyInfo(name, county, level, population, bool(assigned), al))
    return reg


def _chunks(it: Iterable[Source], n: int, budget: int = BATCH_BYTES) -> Iterator[list[Source]]:
    """Batches of at most `n` sources and `budget` bytes once read (one file may exceed it
    alone, up to the file limit): memory is bounded per batch, whatever the run holds."""
    chunk: list[Source] = []
    held = 0
    for s in it:
        w = s.weight if not (s.error or s.skipped) else 0
        if chunk and held + w > budget:
            yield chunk
            chunk, held = [], 0
        chunk.append(s)
        held += w
        if len(chunk) >= n:
            yield chunk
            chunk, held = [], 0
    if chunk:
        yield chunk


@dataclass
class _Batch:
    chunk: list[Source]
    events: list[tuple] = field(default_factory=list)  # skipped / unreadable, in file order
    ready: list[tuple[Source, bytes, str]] = field(default_factory=list)  # (src, bytes, sha)
    shas: list[str] = field(default_factory=list)  # what is being parsed, in order
    parsing: object = None  # () -> the Parsed of each sha in `shas`


class _Run:
    def __init__(self, writer: store.Writer, reg: Registry, user: str, summary, bar,
                 on_file=None, pool: ParsePool | None = None):  # fmt: skip
        self.w, self.reg, self.user, self.summary, self.bar = writer, reg, user, summary, bar
        self.pool = pool or ParsePool(reg)
        self.on_file = on_file  # called with each file's name once it is read and parsed
        self.touched: set[int] = set()
        self.years: set[int] = set()

    def fail(self, name: str, sha: str | None, reason: str) -> None:
        reason = safe_text(reason)  # exception texts may quote an undecodable name
        self.w.log(name, sha, "failed", reason, None, self.user)
        self.summary.add(Item(name, "failed", reason))

    def prepare(self, chunk: list[Source]) -> _Batch:
        """Read the chunk and start parsing what the warehouse does not hold yet. Nothing is
        logged here: finish() does it in file order, as if the batches ran one by one."""
        batch = _Batch(chunk)
        for src in chunk:
            if self.on_file is not None:
                self.on_file(src.name)
            if src.skipped:
                batch.events.append(("skipped", src, None))
            elif src.error:
                batch.events.append(("failed", src, src.error))
            else:
                try:
                    data = src.read()
                except SourceError as e:
                    batch.events.append(("failed", src, str(e)))
                    continue
                except OSError as e:
                    batch.events.append(("failed", src, f"cannot read file ({e.strerror or e})"))
                    continue
                batch.ready.append((src, data, hashlib.sha256(data).hexdigest()))
        known = self.w.known_sha([sha for _, _, sha in batch.ready])
        jobs: dict[str, tuple] = {}
        for src, data, sha in batch.ready:
            if sha not in known and sha not in jobs:
                jobs[sha] = (src.name, data, src.county_hint)
        batch.shas = list(jobs)
        batch.parsing = self.pool.submit(list(jobs.values()))
        return batch

    def finish(self, batch: _Batch) -> None:
        """Log, store and count a prepared batch (the batches before it are stored)."""
        for kind, src, reason in batch.events:
            if kind == "skipped":
                self.summary.counts["skipped"] += 1
            else:
                self.fail(src.name, None, reason)
        parsed = dict(zip(batch.shas, batch.parsing(), strict=True))
        known = self.w.known_sha([sha for _, _, sha in batch.ready])
        staged: list[store.Staged] = []
        for src, data, sha in batch.ready:
            if sha in known:
                rid = known[sha] if known[sha] > 0 else None
                self.w.log(src.name, sha, "already_loaded", None, rid, self.user)
                self.summary.add(Item(src.name, "already_loaded", None, rid))
                continue
            known[sha] = -1  # the same bytes twice in one batch: the second is a repeat
            got = parsed[sha]
            if got.reason is not None:
                self.fail(src.name, sha, got.reason)
                continue
            info = got.body
            bid = self.w.body_id(info.name, info.county, info.level, info.assigned)
            staged.append(store.Staged(got.report, bid, src.name, data, got.findings,
                                       got.signature))  # fmt: skip
        self.store(staged)
        self.bar.update(len(batch.chunk))
        c = self.summary.counts
        self.bar.set_postfix(loaded=c["loaded"] + c["superseded_previous"],
                             known=c["already_loaded"], failed=c["failed"], refresh=False)  # fmt: skip

    def store(self, staged: list[store.Staged]) -> None:
        try:
            written = self.w.write_reports(staged, self.user)
        except Exception as e:
            if len(staged) == 1:
                s = staged[0]
                why = (str(e).strip().splitlines() or [type(e).__name__])[0]
                self.fail(s.file_name, s.report.sha256, f"could not be stored ({why})")
                return
            for s in staged:  # isolate the report that broke the batch
                self.store([s])
            return
        for s, w in zip(staged, written):
            result = "superseded_previous" if w.superseded else "loaded"
            self.summary.add(Item(s.file_name, result, None, w.report_id, s.report.body,
                                  s.report.year))  # fmt: skip
            self.touched.add(s.body_id)
            self.years.add(s.report.year)


def _run(sources: Iterable[Source], db: Path, registry, user: str, progress: bool, fresh=False,
         total: int | None = None, origin: str | None = None, if_missing: bool = False,
         on_file=None, on_wait=None, jobs: int = 1) -> IngestSummary | None:  # fmt: skip
    from tqdm import tqdm

    summary = IngestSummary(Path(db))
    with store.Writer(db, fresh=fresh, on_wait=on_wait) as w:
        if if_missing and Path(db).exists():  # built by another process while we waited
            w.cancel()
            return None
        reg = _registry(w, registry)
        first_report = w.next_report
        with ParsePool(reg, jobs) as pool, tqdm(total=total, disable=not progress,
                                                file=sys.stderr, unit="file") as bar:  # fmt: skip
            run = _Run(w, reg, user, summary, bar, on_file, pool)
            pending = None  # with workers, a batch parses while the one before is stored
            for chunk in _chunks(sources, BATCH):
                batch = run.prepare(chunk)
                if pending is not None:
                    run.finish(pending)
                pending = batch
                if not pool.parallel:
                    run.finish(pending)
                    pending = None
            if pending is not None:
                run.finish(pending)
            if bar.total is not None and bar.n != bar.total:  # zips, skipped names: end at 100 %
                bar.total = bar.n
                bar.refresh()
        if run.touched:
            replaced = store.actions.replaced_issues(w, first_report)
            year_findings(w, run.touched)
            similarity_findings(w, run.years)
            store.actions.close_fixed(w, run.touched, replaced)
        if origin:
            w.set_meta("origin", origin)
    return summary


def ingest_paths(paths, db, registry=None, county=None, progress=False, user="cli", jobs=1):
    """Load files, folders and zips into `db`, parsing in `jobs` processes. Returns an
    IngestSummary (.ok, .text())."""
    paths = [Path(p) for p in paths]
    total = sum(
        sum(1 for q in p.rglob("*") if q.is_file()) if p.is_dir() else 1 for p in paths
    ) if progress else None  # fmt: skip
    return _run(walk(paths, county), Path(db), registry, user, progress, total=total, jobs=jobs)


def ingest_files(files: list[tuple[str, bytes]], db, user: str, registry=None, on_file=None,
                 on_wait=None) -> IngestSummary:  # fmt: skip
    """The upload page: (name, bytes) pairs, zips expanded, published in one go. `on_file(name)`
    follows progress; `on_wait()` is called when another ingest holds the database."""
    return _run(expand_uploads(files), Path(db), registry, user, progress=False,
                on_file=on_file, on_wait=on_wait)  # fmt: skip


def preview_files(files: list[tuple[str, bytes]]) -> list:
    """Parse without storing: per file a Report, or a GongkaiError saying why it fails."""
    out = []
    for src in expand_uploads(files):
        if src.skipped:
            continue
        if src.error:
            out.append(GongkaiError(src.name, src.error))
            continue
        try:
            rep = parse_one(src.name, src.read())
        except SourceError as e:  # a zip member that is not what its header says
            rep = str(e)
        out.append(GongkaiError(src.name, rep) if isinstance(rep, str) else rep)
    return out


def upgrade(db) -> bool:
    """Bring a warehouse written by an earlier version up to this one (tables and views are
    only ever added; findings' idents renamed: lib.store.actions.migrate_idents), through the
    writer; True if it was rewritten."""
    if store.is_current(db):
        return False
    try:
        with store.Writer(db):
            pass  # the writer creates what is missing and publishes atomically
    except (OSError, GongkaiError):  # read-only or busy: the views it lacks fail on their own
        return False
    return True


def ensure_database(db, sample_dir, force: bool = False) -> bool:
    """Build `db` from the sample folder when it does not exist (or `force`). True if built."""
    db, sample_dir = Path(db), Path(sample_dir)
    if db.exists() and not force:
        upgrade(db)
        return False
    if not sample_dir.is_dir():
        raise GongkaiError(str(sample_dir), "sample folder not found")
    bodies = sample_dir / "bodies.csv"
    built = _run(walk([sample_dir]), db, bodies if bodies.exists() else None, "sample", False,
                 fresh=True, origin="sample", if_missing=not force)  # fmt: skip
    return built is not None
