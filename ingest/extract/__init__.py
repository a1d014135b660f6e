"""Extraction: article in, records with offsets into its body out.

Each extractor lives in its own module and is a pure function of the text (and the
article's metadata). ``extract`` builds the article's one ``Document`` (the analyses the
extractors share) and hands it to each, in the order ``ingest.extract.passes`` gives.
"""
from __future__ import annotations

from ingest.deadline import Deadline
from ingest.model import Article, Extraction


def extract(article: Article, deadline: Deadline | None = None) -> Extraction:
    """Everything found in the article. Past ``deadline`` the remaining steps are skipped
    (or stop part way) and the extraction is marked ``cut_short``."""
    from ingest.extract.passes import extract_article   # the extractors, loaded on first use

    return extract_article(article, deadline)


_warm = False


def warm_up() -> None:
    """Build every lazy table and cache (gazetteers, name lists) now: called before worker
    processes fork, so each starts ready instead of building its own copy, and before the
    first article's time budget starts, so that budget is not spent building them. Once a
    process (a forked worker inherits it)."""
    global _warm
    if _warm:
        return
    _warm = True
    from ingest.model import Article

    extract(Article(source="warm-up", body=(
        'On 3 March 2021 the Finance Minister, Anna Berg, said in Oslo: "We will raise spending '
        'to 2.5% of GDP by 2030." Berg added that Norway and Sweden had agreed.')))
