"""RSS 2.0 / Atom reader: one Article per entry, bozo feeds, big feeds."""
from __future__ import annotations

from pathlib import Path

import pytest

from ingest.model import Article, ReadError
from ingest.readers import read_path

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Gazette</title><link>https://gazette.example/</link>
<item>
  <title>Dock workers end strike</title>
  <link>https://gazette.example/strike</link>
  <guid>strike-1</guid>
  <pubDate>Sun, 08 Jun 2025 14:32:00 +0200</pubDate>
  <author>desk@gazette.example (Nils Aronsen)</author>
  <description>&lt;p&gt;Dock workers voted to end the strike.&lt;/p&gt;&lt;p&gt;Ships will sail on Monday.&lt;/p&gt;</description>
</item>
<item>
  <title>No link here</title>
  <guid isPermaLink="false">item-2</guid>
  <description>Plain summary text.</description>
</item>
<item><title>Headline only</title><link>https://gazette.example/empty</link></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Wire</title>
<entry>
  <title type="html">Rain &amp;amp; floods</title>
  <link href="https://wire.example/floods"/>
  <id>urn:uuid:1</id>
  <updated>2025-06-09T08:00:00Z</updated>
  <published>2025-06-08T22:15:00-04:00</published>
  <author><name>Greta Lind</name></author>
  <summary>Short summary.</summary>
  <content type="html">&lt;p&gt;Heavy rain flooded the valley.&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;&lt;p&gt;Roads were closed.&lt;/p&gt;</content>
</entry>
</feed>
"""


def test_rss_entries(tmp_path):
    p = tmp_path / "gazette.rss"
    p.write_text(RSS, encoding="utf-8")
    out = list(read_path(p))
    a, b, c = out
    assert isinstance(a, Article) and a.format == "feed"
    assert a.source == "https://gazette.example/strike" and a.url == a.source
    assert a.title == "Dock workers end strike"
    assert a.body == "Dock workers voted to end the strike.\n\nShips will sail on Monday."
    assert a.published == "2025-06-08T14:32:00+02:00"
    assert a.byline == "Nils Aronsen"
    assert a.outlet == "Harbour Gazette"
    assert isinstance(b, Article) and b.source == "item-2" and b.body == "Plain summary text."
    assert isinstance(c, ReadError) and c.source == "https://gazette.example/empty"
    assert c.reason == "no article text"


def test_atom_entry_content_preferred_and_published_over_updated(tmp_path):
    p = tmp_path / "wire.atom"
    p.write_text(ATOM, encoding="utf-8")
    (a,) = list(read_path(p))
    assert a.title == "Rain & floods"
    assert a.body == "Heavy rain flooded the valley.\n\nRoads were closed."
    assert a.published == "2025-06-08T22:15:00-04:00"
    assert a.byline == "Greta Lind"
    assert a.outlet == "Valley Wire"


def test_xml_extension_sniffed_as_feed_or_rejected(tmp_path):
    p = tmp_path / "feed.xml"
    p.write_text(ATOM, encoding="utf-8")
    assert isinstance(list(read_path(p))[0], Article)
    q = tmp_path / "data.xml"
    q.write_text("<?xml version='1.0'?><root><row>1</row></root>")
    (err,) = list(read_path(q))
    assert isinstance(err, ReadError) and "not an RSS or Atom feed" in err.reason
    r = tmp_path / "nodecl.xml"
    r.write_text("<root><row>1</row></root>")
    (err,) = list(read_path(r))
    assert isinstance(err, ReadError) and "not an RSS or Atom feed" in err.reason
    # A feed saved with another extension is still found by its content.
    t = tmp_path / "saved-feed.txt"
    t.write_text(ATOM, encoding="utf-8")
    (a,) = list(read_path(t))
    assert isinstance(a, Article) and a.format == "feed"
    u16 = tmp_path / "u16.xml"
    u16.write_bytes(b"\xff\xfe" + ATOM.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16-le"))
    (a,) = list(read_path(u16))
    assert isinstance(a, Article) and a.title == "Rain & floods"


def test_feed_with_bad_entities_still_gives_entries(tmp_path):
    p = tmp_path / "bad.rss"
    p.write_bytes(b"<?xml version='1.0'?><rss version='2.0'><channel><title>F &bogus; &#xD800; &#99999999;</title>"
                  b"<item><title>A &nope; title</title><link>https://e.example/a</link>"
                  b"<description>Text &amp; more &zzz; text.</description></item></channel></rss>")
    out = list(read_path(p))
    assert len(out) == 1 and isinstance(out[0], Article)
    assert out[0].source == "https://e.example/a"
    assert "Text & more" in out[0].body


def test_not_a_feed_at_all(tmp_path):
    p = tmp_path / "junk.rss"
    p.write_text("this is not xml at all <<<")
    out = list(read_path(p))
    assert len(out) == 1 and isinstance(out[0], ReadError)


@pytest.mark.slow
def test_feed_with_10000_entries(tmp_path):
    items = "".join(
        f"<item><title>T{i}</title><link>https://e.example/{i}</link><description>Body {i} &amp; more.</description>"
        f"<pubDate>Sun, 08 Jun 2025 14:32:00 GMT</pubDate></item>" for i in range(10000))
    p = tmp_path / "big.rss"
    p.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{items}</channel></rss>")
    out = list(read_path(p))
    assert len(out) == 10000
    assert all(isinstance(a, Article) for a in out)
    assert out[9999].source == "https://e.example/9999" and out[9999].body == "Body 9999 & more."


@pytest.mark.slow
def test_billion_laughs_does_not_explode(tmp_path):
    ents = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    p = tmp_path / "lol.xml"
    p.write_text(f'<?xml version="1.0"?><!DOCTYPE r [{ents}]><rss version="2.0"><channel><item>'
                 f"<title>&a9;</title><description>x</description></item></channel></rss>")
    out = list(read_path(p))
    assert len(out) == 1
    if isinstance(out[0], Article):
        assert len(out[0].title or "") < 100_000
