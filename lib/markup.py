"""Text from reports and file names made inert where Streamlit renders Markdown or HTML: no
link, image, directive or bare-URL autolink can form, and the text reads the same."""

from __future__ import annotations

import html
import re

from lib.errors import safe_text

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# GFM turns bare URLs and e-mail addresses into links after escapes are resolved, so a
# backslash cannot stop it: an invisible WORD JOINER after the scheme, "www" or "@" does.
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|mailto|xmpp)(?=:)|www(?=\.)|@")
_WJ = "\u2060"


def _no_autolink(s: str) -> str:
    return _AUTOLINK.sub(lambda m: m.group() + _WJ, s)


def md_escape(text: object) -> str:
    """Text from a report or a file name shown as Markdown literally (no links, images, HTML
    or directives such as :red[…] from it, no bare URL made a link); undecodable bytes
    escaped, line breaks kept."""
    s = _no_autolink(safe_text(text))
    return _MD_SPECIAL.sub(r"\\\1", s).replace("\n", "  \n")


_HTML_MD = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]()#+-.!|~$:@/"}


def html_text(text: object) -> str:
    """Text from a report placed inside HTML that Streamlit renders with Markdown on: HTML
    escaped, and Markdown's characters written as character references so that neither a
    link, an image nor a bare URL (autolink) can form; the text looks the same."""
    return html.escape(_no_autolink(safe_text(text))).translate(_HTML_MD)
