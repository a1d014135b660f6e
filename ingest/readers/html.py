"""HTML pages: main text via trafilatura, metadata from the page's own tags.

trafilatura is the tool made for separating an article from menus, footers
and comment sections. Its date comes back as a bare day, so the publication
time is read from ``article:published_time`` / JSON-LD ``datePublished``
first (they carry the time and zone), and trafilatura fills in what the page
does not declare. Hostile pages (5,000 nested divs, huge scripts, broken
markup) fall back to a plain lxml walk or a linear scan of the markup instead of failing.

Heavy imports (trafilatura, lxml) happen inside the functions so that
``import ingest.readers`` stays cheap.
"""
from __future__ import annotations

import html as _html
import json
import logging
import re
from typing import Any

from ..model import Article, ReadError
from ..sanitize import sanitize, sanitize_line
from .published import parse_published
from .text import clean_body

__all__ = ["read_html", "html_to_text", "looks_like_html", "page_metadata"]

_HTMLISH = re.compile(
    r"<(?:p|br|div|span|a|b|i|u|em|strong|ul|ol|li|h[1-6]|img|blockquote|figure|figcaption|table|"
    r"section|article|header|footer|script|style|iframe|html|body|head|meta|link|hr)\b[^<>]*>|</[a-zA-Z]",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")

_DROP_TAGS = frozenset(
    "script style noscript template svg math iframe object embed canvas button select option "
    "input textarea form head title meta link".split()
)
_CHROME_TAGS = frozenset("nav header footer aside menu dialog".split())
_BLOCK_TAGS = frozenset(
    """p div section article main h1 h2 h3 h4 h5 h6 ul ol li dl dt dd blockquote pre table thead
    tbody tfoot tr td th figure figcaption address hr details summary center""".split()
)
_PARA_MARK = "\ue000"
_BR_MARK = "\ue001"
_MARKS = re.compile("[\ue000\ue001]+")
_WS = re.compile(r"\s+")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)

# Fallback for markup lxml cannot walk: a scan from one "<" to the next, so its time is
# linear in the markup whatever is left unclosed.
_FALLBACK_DROP = frozenset("script style noscript template svg head".split())
_FALLBACK_BLOCK = frozenset(
    "p div section article h1 h2 h3 h4 h5 h6 li ul ol blockquote tr table br hr figure figcaption pre".split()
)
_TAG_START = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]*)|[!?])")
_CLOSERS = {name: re.compile(rf"</{name}\b", re.IGNORECASE) for name in _FALLBACK_DROP}

_log = logging.getLogger(__name__)


def looks_like_html(s: str) -> bool:
    """Does a JSON/feed body hold markup (so it needs converting to text)?"""
    return "<" in s and _HTMLISH.search(s) is not None


def unescape_entities(s: str) -> str:
    """Decode HTML entities in text that is otherwise plain ("Q&amp;A")."""
    return _html.unescape(s) if "&" in s and _ENTITY.search(s) else s


def _regex_text(markup: str) -> str:
    """Text of markup without a parser: tags out, blocks as paragraphs, scripts and styles dropped.

    Each character is looked at a bounded number of times: a tag never closed by ">" ends the
    scan (the rest is text), and an element whose closing tag is missing is searched for once.
    """
    out: list[str] = []
    n = len(markup)
    pos = 0
    unclosed: set[str] = set()      # elements with no closing tag after the point last searched
    while pos < n:
        i = markup.find("<", pos)
        if i < 0:
            out.append(markup[pos:])
            break
        out.append(markup[pos:i])
        if markup.startswith("<!--", i):
            j = markup.find("-->", i + 4)
            if j < 0:
                break                # an unclosed comment hides the rest, as in a browser
            out.append(" ")
            pos = j + 3
            continue
        m = _TAG_START.match(markup, i)
        if m is None:                # "5 < 6": not a tag
            out.append("<")
            pos = i + 1
            continue
        j = markup.find(">", m.end())
        if j < 0:
            out.append(markup[i:])   # no ">" anywhere after: no tag either
            break
        pos = j + 1
        name = (m.group(2) or "").lower()
        if name in _FALLBACK_DROP and not m.group(1) and name not in unclosed and markup[j - 1] != "/":
            c = _CLOSERS[name].search(markup, pos)
            if c is None:
                unclosed.add(name)   # none later either: the remaining ones are plain tags
            else:
                k = markup.find(">", c.end())
                pos = n if k < 0 else k + 1
            out.append(" ")
            continue
        out.append(_PARA_MARK if name in _FALLBACK_BLOCK else " ")
    return _paragraphs_from_marked(_html.unescape("".join(out)))


def _paragraphs_from_marked(s: str) -> str:
    out = []
    for part in _MARKS.split(s):
        part = _WS.sub(" ", part).strip()
        if part:
            out.append(part)
    return "\n\n".join(out)


def _parse_tree(markup: str, fragment: bool) -> Any:
    from lxml import etree
    from lxml import html as lh

    markup = _XML_DECL.sub("", markup, count=1)
    parser = lh.HTMLParser(
        recover=True, remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        if fragment:
            return lh.fragment_fromstring(markup, create_parent="div", parser=parser)
        return lh.document_fromstring(markup, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError, TypeError):
        return None


def _tree_text(root: Any, drop_chrome: bool) -> str:
    """Text of an lxml tree, one paragraph per block element, scripts and styles dropped."""
    drop = []
    for el in root.iter():
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag in _DROP_TAGS or (drop_chrome and tag in _CHROME_TAGS) or not tag:
            drop.append(el)
    for el in drop:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the element's tail text
    for el in root.iter():
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if tag == "br":
            el.tail = _BR_MARK + (el.tail or "")
        elif tag in _BLOCK_TAGS:
            el.text = _PARA_MARK + (el.text or "")
            el.tail = _PARA_MARK + (el.tail or "")
    return _paragraphs_from_marked(root.text_content())


def html_to_text(markup: str) -> str:
    """Plain text of an HTML fragment (a JSON body, a feed entry), paragraphs by blank lines.

    Cheap (lxml only, no boilerplate detection): a fragment is already the article.
    """
    markup = sanitize(markup) or ""     # no private-use character: they mark paragraphs here
    if not markup.strip():
        return ""
    try:
        root = _parse_tree(markup, fragment=True)
        text = _tree_text(root, drop_chrome=False) if root is not None else ""
    except (RecursionError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - lxml edge cases; the regex path still gives text
        text = ""
    if not text:
        text = _regex_text(markup)
    return text


# ---------------------------------------------------------------------------
# Metadata from the page's own tags
# ---------------------------------------------------------------------------

_ARTICLE_TYPES = ("article", "newsarticle", "reportage", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "report",
                  "liveblogposting", "socialmediaposting", "webpage")


def _ld_objects(data: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD (lists, @graph) into its objects, iteratively."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack and len(out) < 200:
        x = stack.pop()
        if isinstance(x, list):
            stack.extend(reversed(x))
        elif isinstance(x, dict):
            out.append(x)
            g = x.get("@graph")
            if isinstance(g, list):
                stack.extend(reversed(g))
    return out


def _ld_type(obj: dict[str, Any]) -> str:
    t = obj.get("@type")
    if isinstance(t, list):
        t = " ".join(str(v) for v in t)
    return str(t or "").lower()


def _names(value: Any) -> list[str]:
    """Author names from JSON-LD/meta shapes: "A", {"name": "A"}, [..]."""
    out: list[str] = []
    items = value if isinstance(value, list) else [value]
    for it in items[:10]:
        if isinstance(it, dict):
            it = it.get("name")
        if isinstance(it, str):
            it = it.strip()
            if it and not it.startswith(("http://", "https://", "/")):
                out.append(it)
    return out


def join_names(names: list[str]) -> str | None:
    names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def page_metadata(root: Any) -> dict[str, Any]:
    """title/byline/published/outlet/url/ld_body from meta tags and JSON-LD of a parsed page."""
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        val = el.get("content")
        if key and val and key not in meta:
            meta[key] = val.strip()
    info: dict[str, Any] = {}
    ld_article: dict[str, Any] | None = None
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        for obj in _ld_objects(data):
            t = _ld_type(obj)
            if any(a in t for a in _ARTICLE_TYPES) and (obj.get("headline") or obj.get("datePublished")):
                if ld_article is None or "news" in t:
                    ld_article = obj
    ld = ld_article or {}

    def pick(*vals: Any) -> str | None:
        for v in vals:
            if isinstance(v, str) and v.strip():
                return v.strip()
        return None

    title_el = root.find(".//title")
    info["title"] = pick(meta.get("og:title"), ld.get("headline"), meta.get("twitter:title"))
    info["page_title"] = title_el.text_content() if title_el is not None else None
    pub_raw = [
        meta.get("article:published_time"), ld.get("datePublished"), meta.get("og:published_time"),
        meta.get("datepublished"), meta.get("pubdate"), meta.get("publishdate"), meta.get("publish-date"),
        meta.get("date"), meta.get("dc.date.issued"), meta.get("dc.date"), meta.get("sailthru.date"),
        meta.get("parsely-pub-date"), ld.get("dateCreated"),
    ]
    for el in root.iter("time"):
        if el.get("datetime"):
            pub_raw.append(el.get("datetime"))
            break
    info["published"] = next((p for p in (parse_published(v) for v in pub_raw if isinstance(v, str)) if p), None)
    authors = _names(ld.get("author"))
    if not authors:
        authors = _names(meta.get("author")) or _names(meta.get("article:author")) or _names(
            meta.get("parsely-author")) or _names(meta.get("sailthru.author"))
    info["byline"] = join_names(authors)
    publisher = ld.get("publisher")
    info["outlet"] = pick(meta.get("og:site_name"), publisher.get("name") if isinstance(publisher, dict) else None,
                          meta.get("application-name"))
    canonical = None
    for el in root.iter("link"):
        if (el.get("rel") or "").lower() == "canonical" and el.get("href"):
            canonical = el.get("href")
            break
    url = pick(meta.get("og:url"), canonical, ld.get("url"))
    info["url"] = url if url and url.startswith(("http://", "https://")) else None
    body = ld.get("articleBody")
    info["ld_body"] = body if isinstance(body, str) else None
    return info


# ---------------------------------------------------------------------------
# The reader
# ---------------------------------------------------------------------------

def _trafilatura(markup: str) -> Any:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    return trafilatura.bare_extraction(
        markup,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def read_html(markup: str, source: str) -> Article | ReadError:
    """One Article from an HTML page; never raises for bad markup."""
    markup = sanitize(markup) or ""
    if not markup.strip():
        return ReadError(source, "empty file")
    info: dict[str, Any] = {}
    root = None
    try:
        root = _parse_tree(markup, fragment=False)
        if root is not None:
            info = page_metadata(root)
    except (RecursionError, ValueError, TypeError, AttributeError) as e:  # odd trees
        _log.debug("metadata failed for %s: %s", source, e)
        root = None

    doc = None
    try:
        doc = _trafilatura(markup)
    except RecursionError:
        doc = None
    except Exception as e:  # noqa: BLE001 - a third-party extractor must not stop the run
        _log.debug("trafilatura failed for %s: %s", source, e)
        doc = None

    text = ""
    if doc is not None and getattr(doc, "text", None):
        text = "\n\n".join(ln.strip() for ln in doc.text.split("\n") if ln.strip())
    if not text and info.get("ld_body"):
        ld = info["ld_body"]
        text = html_to_text(ld) if looks_like_html(ld) else unescape_entities(ld)
    if not text and root is not None:
        try:
            body = root.find(".//body")
            text = _tree_text(body if body is not None else root, drop_chrome=True)
        except (RecursionError, ValueError, TypeError, AttributeError):
            text = ""
    if not text:
        text = _regex_text(markup)

    # Declared headline first, then trafilatura's (cleaned <title>/<h1>), then the raw <title>.
    title = info.get("title") or (getattr(doc, "title", None) if doc is not None else None) or info.get(
        "page_title")
    byline = (getattr(doc, "author", None) if doc is not None else None) or info.get("byline")
    if byline:
        byline = byline.replace("; ", " and ") if byline.count(";") == 1 else byline.replace("; ", ", ")
    published = info.get("published")
    if not published and doc is not None and getattr(doc, "date", None):
        published = parse_published(doc.date)
    outlet = info.get("outlet") or (getattr(doc, "sitename", None) if doc is not None else None)
    url = info.get("url") or (getattr(doc, "url", None) if doc is not None else None)

    body = clean_body(text)
    title = sanitize_line(title) if title else None
    if title and body:
        # The headline is usually repeated as the first line of the main text.
        first, _, rest = body.partition("\n\n")
        if _WS.sub(" ", first).strip().casefold() == title.casefold():
            body = rest
    if not body.strip():
        return ReadError(source, "no article text")
    return Article(
        source=source,
        body=body,
        title=title or None,
        byline=sanitize_line(byline) if byline else None,
        published=published,
        outlet=sanitize_line(outlet) if outlet else None,
        url=sanitize_line(url) if url else None,
        format="html",
    )
