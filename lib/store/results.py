"""Query results as pandas DataFrames, through Arrow."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

from lib.store.connect import reader


def frame(con, sql: str, params=()) -> pd.DataFrame:
    """A query's result as a DataFrame through Arrow (8x faster than DuckDB's .df() on large
    results), with .df()'s types: dates as datetime64, integer columns holding NULLs as
    pandas' nullable integers, a text column of nothing but NULL as None objects."""
    return table_frame(con.sql(sql, params=list(params) if params else None).to_arrow_table())


def frames(con, sql: str, params=(), rows: int = 100_000):
    """The result in DataFrames of at most `rows` rows, streamed: memory holds one batch."""
    reader = con.sql(sql, params=list(params) if params else None).to_arrow_reader(rows)
    for batch in reader:
        yield table_frame(pa.Table.from_batches([batch]))


def read_batches(db, sql: str, params=(), rows: int = 100_000):
    """The query's rows as DataFrames of at most `rows`, on one read-only connection."""
    with reader(db) as con:
        yield from frames(con, sql, params, rows)


def table_frame(tbl: pa.Table) -> pd.DataFrame:
    """An Arrow table as .df() would have given it (see frame)."""
    df = tbl.to_pandas(date_as_object=False)
    for name, col in zip(tbl.column_names, tbl.columns, strict=True):
        t = col.type
        if pa.types.is_date(t):
            df[name] = df[name].astype("datetime64[us]")
        elif pa.types.is_decimal(t):  # numeric literals (1.5) are DECIMAL: floats, as .df()
            df[name] = df[name].astype("float64")
        elif (pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_null(t)) and (
            len(col) and col.null_count == len(col)
        ):  # nothing but NULL: .df() gives objects (None), not a string column
            df[name] = pd.Series([None] * len(col), dtype=object, index=df.index)
        elif pa.types.is_integer(t) and col.null_count:
            df[name] = df[name].astype(f"{'U' if pa.types.is_unsigned_integer(t) else ''}"
                                       f"Int{t.bit_width}")  # fmt: skip
    return df
