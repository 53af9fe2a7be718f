"""The only lib module that imports streamlit: page setup, shared filters, caching, errors, login.

Pages call `run_page(name, render)`; `render(ctx)` gets a `Ctx` (database, language, filters)
and lays the page out from lib calls. The numbers come from lib.analytics through `cached`
(keyed on the database file's identity: a new ingest, from anywhere, shows up at once).
Shared filters (county, years, body level, language) live in the URL (st.query_params) and in
session state, so they survive page switches and a link reproduces the view.
"""

from __future__ import annotations

import contextlib
import importlib
import sys
import traceback
from collections.abc import Callable

import streamlit as st

from lib import auth, store
from lib.errors import GongkaiError
from lib.i18n import LANGS, level_label, t, t_md
from lib.markup import md_escape
from lib.ui import frames, report_view
from lib.ui.model import (  # noqa: F401  (re-exported for pages and tests)
    _SHADOW,
    PAGE_ICONS,
    QP_COUNTY,
    QP_LANG,
    QP_LEVEL,
    QP_Y0,
    QP_Y1,
    ROOT,
    SHARED_QP,
    UPLOAD_TYPES,
    Ctx,
    _nan,
    db_path,
    filter_options,
    identity,
    ingest_uploads,
    initial_filters,
    kpi,
    login_everywhere,
    page_config,
    page_file,
    picked,
    preview,
    sample_dir,
    scan_crop,
    secrets_path,
    source_excerpt,
    supervision_xlsx,
)
from lib.ui.report_view import BLANK_STYLE, FINDING_STYLE, finding_line  # noqa: F401


# ---------------------------------------------------------------- cached data access
@st.cache_data(show_spinner=False, max_entries=1024)
def _cached_call(fn_id: str, ident, args: tuple, kwargs: dict):
    mod, _, name = fn_id.partition(":")
    obj = importlib.import_module(mod)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj(*args, **kwargs)


def cached(fn: Callable, *args, **kwargs):
    """`fn(*args, **kwargs)`, cached until the database file changes (db_identity)."""
    fn_id = f"{fn.__module__}:{fn.__qualname__}"
    return _cached_call(fn_id, identity(), args, kwargs)


def query(name: str, *args, **kwargs):
    """A named lib.analytics.queries function (pages do not import lib.analytics.queries), cached."""
    from lib.analytics import queries

    return cached(getattr(queries, name), str(db_path()), *args, **kwargs)


def fixes(ctx: Ctx, history: bool = False, **narrow):
    """Corrections in force (all: `history`) for the filters; no query while there are none."""
    from lib.analytics import queries

    name = "correction_history" if history else "corrections"
    if db_meta().get("corrections", "0") == "0":
        return queries.empty_corrections()
    return query(name, ctx.filters(**narrow))


def db_meta() -> dict:
    return cached(store.meta, str(db_path())) if db_path().exists() else {}


def report_source(report_id: int) -> tuple[str, bytes] | None:
    return cached(store.report_source, str(db_path()), int(report_id))


# ---------------------------------------------------------------- language and filters
def current_lang() -> str:
    lang = st.query_params.get(QP_LANG) or st.session_state.get(_SHADOW, {}).get("lang")
    return lang if lang in LANGS else "zh"


def _filter_options() -> dict:
    return filter_options(query("report_list") if db_path().exists() else None)


def _lang_changed() -> None:
    if st.session_state.get("lang_pick") in LANGS:
        st.query_params[QP_LANG] = st.session_state["lang_pick"]


def _sidebar(page: str) -> Ctx:
    opts = _filter_options()
    init = initial_filters(st.query_params, st.session_state.get(_SHADOW, {}), opts)
    ss = st.session_state
    # No widget keys: each widget's default comes from the URL / the session copy, so the
    # filters survive page switches (Streamlit forgets the state of widgets it did not draw).
    sb = st.sidebar
    # keyed, with a callback: the URL holds the new language before the rerun, so the
    # navigation (built by dashboard.py ahead of this widget) follows at once
    lang = sb.segmented_control(t("filter.lang", "zh"), options=list(LANGS), default=init["lang"],
                                format_func=lambda v: t(f"lang.{v}", "zh"), key="lang_pick",
                                on_change=_lang_changed) or init["lang"]  # fmt: skip
    sb.header(t("filter.header", lang))
    all_label = t("filter.all_counties", lang)
    county = None
    if opts["counties"]:
        choices = [None, *opts["counties"]]
        county = sb.selectbox(
            t("filter.county", lang),
            options=choices,
            index=choices.index(init["county"]),
            format_func=lambda c: all_label if c is None else c,
        )
    years = None
    if len(opts["years"]) > 1:
        lo, hi = sb.select_slider(
            t("filter.years", lang), options=opts["years"], value=tuple(init["years"])
        )
        years = (int(lo), int(hi))
    elif opts["years"]:
        years = (opts["years"][0], opts["years"][0])
    levels: tuple[str, ...] = ()
    if opts["levels"]:
        levels = tuple(
            sb.multiselect(
                t("filter.level", lang),
                options=opts["levels"],
                default=list(init["levels"]),
                format_func=lambda v: level_label(v, lang),
                placeholder=t("common.all", lang),
            )
        )
    ctx = Ctx(
        db=str(db_path()),
        lang=lang,
        page=page,
        county=county,
        years=years,
        levels=levels,
        all_years=opts["years"],
        empty=not opts["years"],
    )
    pinned = years if QP_Y0 in ctx.params() else None
    ss[_SHADOW] = {"county": county, "years": pinned, "levels": levels, "lang": lang}
    sync_params(ctx.params(), drop=[k for k in SHARED_QP if k not in ctx.params()])
    sb.caption(t("filter.share", lang))
    return ctx


def sync_params(params: dict, drop: list[str] | tuple[str, ...] = ()) -> None:
    """Write parameters into the URL only where they changed (no needless reruns)."""
    qp = st.query_params
    for k in drop:
        if k in qp:
            del qp[k]
    for k, v in params.items():
        if v is None:
            if k in qp:
                del qp[k]
            continue
        cur = qp.get_all(k) if isinstance(v, list) else qp.get(k)
        want = [str(x) for x in v] if isinstance(v, list) else str(v)
        if cur != want:
            qp[k] = want


def page_link(ctx: Ctx, page: str, label: str, **params) -> None:
    """A link to another page that carries the shared filters plus `params`."""
    qp = {**ctx.params(), **{k: str(v) for k, v in params.items() if v is not None}}
    st.page_link(page_file(page), label=label, query_params=qp)


def switch_page(ctx: Ctx, page: str, **params) -> None:
    qp = {**ctx.params(), **{k: str(v) for k, v in params.items() if v is not None}}
    st.switch_page(page_file(page), query_params=qp)


# ---------------------------------------------------------------- database bootstrap
_UPGRADED: set = set()  # database identities checked by this process


def ensure_db(lang: str) -> None:
    """Build the database from the sample folder on first start (with a spinner)."""
    from lib.ingest import ensure_database, upgrade

    db = db_path()
    if db.exists() and identity() not in _UPGRADED:  # a warehouse of an older version
        upgrade(db)
        _UPGRADED.add(identity())
    if db.exists() or not sample_dir().is_dir():
        return
    with st.spinner(t("app.building_db", lang)):
        ensure_database(db, sample_dir())
    st.cache_data.clear()


# ---------------------------------------------------------------- login
def _users() -> dict[str, str]:
    users = dict(auth.load_users(secrets_path()))
    try:  # users given through st.secrets (e.g. a hosting platform's secrets) count too
        extra = st.secrets.get("gongkai", {}).get("users", {})
        users.update({str(k): str(v) for k, v in dict(extra).items()})
    except Exception:  # no secrets file at all: st.secrets raises on access
        pass
    return users


def login(lang: str) -> str | None:
    """The signed-in user's name, or None after showing the login form."""
    ss = st.session_state
    if ss.get("auth_user"):
        c1, c2 = st.columns([4, 1])
        c1.caption(t_md("upload.logged_in_as", lang, user=ss["auth_user"]))
        if c2.button(t("login.logout", lang), key="logout"):
            del ss["auth_user"]
            st.rerun()
        return ss["auth_user"]
    users = _users()
    st.info(t("login.required", lang))
    if not users:
        st.warning(t("login.no_users", lang))
        return None
    with st.form("login_form"):
        user = st.text_input(t("login.user", lang), key="login_user")
        pw = st.text_input(t("login.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("login.submit", lang))
    if submitted:
        # the throttle counts per user name and per browser address (None in AppTest)
        ok, retry = auth.attempt(users, user.strip(), pw, addr=st.context.ip_address)
        if ok:
            ss["auth_user"] = user.strip()
            st.rerun()
        if retry:
            st.error(t("login.throttled", lang, seconds=f"{retry:.0f}"))
        else:
            st.error(t("login.failed", lang))
    return None


# ---------------------------------------------------------------- running a page
def _show_error(lang: str, e: BaseException) -> None:
    if isinstance(e, store.DatabaseBusy):
        st.warning(t_md("app.db_busy", lang, holder=e.holder or t("app.db_busy_unknown", lang)))
    elif isinstance(e, GongkaiError):
        st.error(md_escape(str(e)))
    else:
        print("".join(traceback.format_exception(e)), file=sys.stderr)
        st.error(t_md("app.error", lang, msg=f"{type(e).__name__}: {e}"))


def menu(lang: str) -> list:
    """The pages of st.navigation in `lang`, in menu order."""
    return [
        st.Page(
            page_file(name), title=t(f"page.{name}", lang), icon=icon, default=name == "overview"
        )
        for name, icon in PAGE_ICONS.items()
    ]


def _through_navigation() -> None:
    """Until someone opens "/" after a server start, Streamlit runs a linked page by its older
    pages/-folder mode (menu of file names, no page config). Switch it off and run the page
    through the menu in this same run (a rerun would drop the click that started it)."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        lang = current_lang()
        st.set_page_config(**page_config(lang))
        st.navigation(menu(lang)).run()
        st.stop()


def run_page(name: str, render: Callable[[Ctx], None], *, needs_data: bool = True) -> None:
    """Set the page up (database, banner, filters) and render it; errors become st.error."""
    _through_navigation()
    lang = current_lang()
    try:
        ensure_db(lang)
        ctx = _sidebar(name)
        lang = ctx.lang
        st.title(t(f"page.{name}", lang))
        if db_meta().get("origin") == "sample":
            st.info(t("app.sample_banner", lang), icon="ℹ️")
        n_fixed = len(fixes(ctx))
        if n_fixed:  # the numbers of this view include supervisors' corrections: say so
            st.caption(t("correct.page_note", lang, n=n_fixed))
        if login_everywhere() and name not in ("upload", "rectify") and not login(lang):
            return
        if needs_data and ctx.empty:
            st.info(t("app.empty_db", lang))
            return
        render(ctx)
    except GongkaiError as e:
        _show_error(lang, e)
    except Exception as e:  # the boundary: never a traceback on the page
        _show_error(lang, e)


# ---------------------------------------------------------------- small shared widgets
def empty_state(ctx: Ctx, key: str, **kw) -> None:
    st.info(t(key, ctx.lang, **kw))


def param_choice(ctx: Ctx, name: str, options: list, default, **widget) -> object:
    """A selectbox whose value is also the URL parameter `name` (shareable views)."""
    key = widget.pop("key", f"p_{ctx.page}_{name}")
    if not options:
        return None
    ss = st.session_state
    raw = st.query_params.get(name)
    by_text = {str(o): o for o in options}
    if key not in ss or (
        raw is not None and raw in by_text and str(ss[key]) != raw and ss.get(f"{key}__url") != raw
    ):
        ss[key] = by_text.get(raw, default if default in options else options[0])
        ss[f"{key}__url"] = raw
    elif ss[key] not in options:
        ss[key] = default if default in options else options[0]
    value = st.selectbox(options=options, key=key, **widget)
    sync_params({name: str(value)})
    ss[f"{key}__url"] = str(value)
    return value


def card_columns(n: int, per_row: int = 4) -> list:
    """Columns for n KPI cards, in rows of at most `per_row` so no label is cut off."""
    rows = -(-n // per_row)
    return [c for _ in range(rows) for c in st.columns(-(-n // rows))][:n]


def url_multiselect(where, param: str, label: str, options: list, key: str, **widget) -> list:
    """A multiselect whose choice lives in the URL (?param=a&param=b): shareable filters."""
    if key not in st.session_state:
        wanted = set(st.query_params.get_all(param))
        st.session_state[key] = [o for o in options if str(o) in wanted]
    else:  # the data changed under a kept choice: drop what is no longer offered
        st.session_state[key] = [o for o in st.session_state[key] if o in options]
    got = where.multiselect(label, options, key=key, placeholder=t("common.all", current_lang()),
                            **widget)  # fmt: skip
    sync_params({param: [str(x) for x in got] or None})
    return got


def download(label: str, data, file_name: str, mime: str, key: str) -> None:
    """A download button; `data` may be bytes or a callable made only when clicked."""
    st.download_button(label, data=data, file_name=file_name, mime=mime, key=key, on_click="ignore")


def table(df, lang: str, **kwargs) -> None:
    """st.dataframe with i18n column names and no index."""
    from lib.i18n import column_names

    st.dataframe(df.rename(columns=column_names(df.columns, lang)), hide_index=True, **kwargs)


def highlight_choice(ctx: Ctx, bodies: list[str], key: str) -> str | None:
    """The body highlighted in every chart: from the box, a chart click, or the URL (?body=)."""
    ss = st.session_state
    pending = ss.pop(f"_pending_{key}", None)
    url = st.query_params.get("body")
    if pending in bodies:
        ss[key] = pending
    elif key not in ss:
        ss[key] = url if url in bodies else None
    elif ss[key] is not None and ss[key] not in bodies:
        ss[key] = None
    value = st.selectbox(
        t("compare.highlight", ctx.lang),
        options=[None, *bodies],
        format_func=lambda b: "—" if b is None else b,
        placeholder="—",
        key=key,
    )
    sync_params({"body": value})
    return value


def take_pick(event, target_key: str, chart_key: str) -> None:
    """A body clicked in a chart becomes the highlight (applied on the next run)."""
    p = picked(event, ("body",))
    body = p.get("body") if p else None
    last = f"_{chart_key}_last_pick"
    ss = st.session_state
    if body != ss.get(last):
        ss[last] = body
        if body:
            ss[f"_pending_{target_key}"] = body
            st.rerun()


def ranks_table(ctx: Ctx, df, unit: str, highlight: str | None) -> None:
    """Ranks and percentiles, numbers formatted for people, the highlighted body marked."""
    st.dataframe(
        frames.ranks_styled(df, unit, highlight, ctx.lang),
        hide_index=True,
        width="stretch",
        key=f"{ctx.page}_ranks",
    )


@contextlib.contextmanager
def section(ctx: Ctx):
    """`with ui.section(ctx):` — an error inside shows as st.error; the rest of the page renders.
    Streamlit's own control flow (rerun, stop) is a BaseException and passes through."""
    try:
        yield
    except Exception as e:
        _show_error(ctx.lang, e)


def report_table(values, keys, marked, blanks, key: str, corrected=frozenset()) -> str | None:
    """One table of a report as printed, cells breaking a rule in red, corrected ones blue,
    blank cells grey.

    Returns the canonical key of the cell the user selected (for its provenance), or None.
    """
    styled = report_view.report_styled(values, keys, marked, blanks, corrected)
    event = st.dataframe(
        styled,
        width="stretch",
        height=35 * (len(values) + 1) + 3,  # every row visible, as in the printed report
        on_select="rerun",
        selection_mode="single-cell",
        key=key,
    )
    try:
        cells = event.selection.cells
    except AttributeError:
        cells = []
    if not cells:
        return None
    row, col = cells[0][0], cells[0][1]
    if col not in values.columns or not 0 <= int(row) < len(values):
        return None
    return keys.iloc[int(row), list(values.columns).index(col)]


def provenance_panel(ctx: Ctx, cells, found, marked, picked, report_id=None, fixes=None) -> None:
    """Where a number was read (picked in a table or the box); from a scan, its picture;
    for a corrected number (`fixes`: lib.analytics.queries.corrections), the value as read and who."""
    from lib.template import KEYS

    keys = [k for k in cells["key"] if k in KEYS]
    if not keys:
        return

    def name(k: str) -> str:
        return KEYS[k].label_en if ctx.lang == "en" else KEYS[k].label_zh

    st.markdown(f"**{t('township.provenance', ctx.lang)}**")
    choice = st.selectbox(
        t("township.provenance_pick", ctx.lang),
        options=keys,
        index=keys.index(picked) if picked in keys else None,
        format_func=name,
        placeholder="—",
        key=f"tw_prov_{picked or ''}",
    )
    k = picked or choice
    if not k:
        return

    row = cells[cells["key"] == k].iloc[0]
    where = row.get("provenance") or "—"
    fix = fixes[fixes["key"] == k].iloc[0] if fixes is not None and k in set(fixes["key"]) else None
    src = cached(source_excerpt, str(db_path()), int(report_id), where) if report_id else None
    st.info(report_view.provenance_text(row, name(k), ctx.lang, fix, src))
    png = cached(scan_crop, str(db_path()), int(report_id), where) if report_id else None
    if png:
        st.image(png, caption=t("township.scan_crop", ctx.lang))
    for i in marked.get(k, []):
        st.caption(md_escape(report_view.finding_line(found.iloc[i], ctx.lang)))
