"""Every UI string of gongkai, in Chinese and English, in one place (looked up by lib.i18n.t):
the dashboard's in `pages` (and `contrast`, the 年度对照 page; `corrections`; `extracts`, the
extracts' values), the county 通报's in `bulletin`.

Labels of canonical keys and metrics come from lib.template / lib.analytics.metrics, not from here.
"""

from lib.strings.bulletin import BULLETIN
from lib.strings.contrast import CONTRAST
from lib.strings.corrections import CORRECTIONS
from lib.strings.extracts import EXTRACTS
from lib.strings.pages import PAGES

TABLES = (PAGES, CONTRAST, CORRECTIONS, EXTRACTS, BULLETIN)
# key -> (zh, en); tests: no key in two tables
STRINGS: dict[str, tuple[str, str]] = {k: v for table in TABLES for k, v in table.items()}
