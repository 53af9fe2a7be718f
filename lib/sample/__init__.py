"""The embedded sample: a fictional county (示例县) of townships and 街道 over several years.

`build_sample` is the data model (every number each generated report is meant to hold, and the
planted defects); `write_sample` renders it as text, HTML, DOCX and PDF files. Deterministic for
a seed: the same arguments give byte-identical files.
"""

from __future__ import annotations

from lib.sample.model import build_sample
from lib.sample.records import COUNTY, Body, Defect, Filing, Sample
from lib.sample.write import write_sample

__all__ = ["COUNTY", "Body", "Defect", "Filing", "Sample", "build_sample", "write_sample"]
