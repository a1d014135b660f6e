"""CSV files of articles: a header row naming the columns, one article per row.

The header must name a title column and a body (or text) column; date/published and
url/link columns are read when present.  A CSV without such a header is no article list,
and is refused whole rather than stored as one article of comma-separated text.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..model import Article, ReadError
from ..sanitize import sanitize_line
from .published import parse_published

_TITLE = ("title", "headline")
_BODY = ("body", "text", "content", "article")
_DATE = ("date", "published", "published_at", "pubdate")
_URL = ("url", "link")


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for n in names:
        if n in header:
            return header.index(n)
    return None


def read_csv_text(text: str, src: str) -> Iterator[Article | ReadError]:
    """One Article per row with a body; a row without one, or a file without the header, is
    a ReadError naming where."""
    csv.field_size_limit(1 << 26)
    try:
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        header = [h.strip().lower() for h in next(rows, [])]
    except csv.Error as e:
        yield ReadError(src, f"CSV could not be read: {sanitize_line(str(e))}")
        return
    ti, bi = _column(header, _TITLE), _column(header, _BODY)
    if ti is None or bi is None:
        yield ReadError(src, "CSV without a header naming title and body (or text) columns: not read")
        return
    di, ui = _column(header, _DATE), _column(header, _URL)
    line = 1
    try:
        for row in rows:
            line += 1
            if not any(c.strip() for c in row):
                continue
            cell = (lambda i: row[i].strip() if i is not None and i < len(row) else "")
            body = cell(bi)
            where = f"{src}#row{line}"
            if not body:
                yield ReadError(where, "CSV row without body text")
                continue
            yield Article(source=where, body=body, title=sanitize_line(cell(ti)) or None,
                          published=parse_published(cell(di)) if cell(di) else None,
                          url=sanitize_line(cell(ui)) or None, format="csv")
    except csv.Error as e:
        yield ReadError(f"{src}#row{line}", f"CSV could not be read: {sanitize_line(str(e))}")
