"""Every UI string of gongkai, in Chinese and English, in one place (looked up by lib.i18n.t):
the dashboard's in `pages`, the county 通报's in `bulletin`.

Labels of canonical keys and metrics come from lib.template / lib.metrics, not from here.
"""

from lib.strings.bulletin import BULLETIN
from lib.strings.pages import PAGES

# key -> (zh, en)
STRINGS: dict[str, tuple[str, str]] = {**PAGES, **BULLETIN}  # tests: no key in both
