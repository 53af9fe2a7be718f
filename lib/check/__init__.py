"""Checks: the kinds of finding (catalog), the consistency rules R1–R7, prose checks and
copied-text detection."""
