"""MHTML ("single file web page", .mht, and the .doc files Word saves that way): the HTML part.

Portals often publish a report as a .doc that is really Word's MHTML export. The page is the
first text/html part of the MIME message; its bytes and charset go to the HTML reader.
"""

from __future__ import annotations

import email
import email.policy
import re

_MIME = re.compile(rb"^\s*(?:MIME-Version:|Content-Type:\s*multipart/related)", re.I)


def is_mhtml(head: bytes) -> bool:
    return bool(_MIME.match(head)) and b"multipart/related" in head[:2048].lower()


def html_part(data: bytes) -> tuple[bytes, str | None] | None:
    """(payload bytes, declared charset) of the first text/html part, or None."""
    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return None
