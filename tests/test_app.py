"""Pilot tests of the Textual app: keys pressed, state and screen checked (no wall-clock asserts)."""
from __future__ import annotations

import re

from pathlib import Path

import pytest

from briefing import commands, state
from briefing.render import MARK_CLOSE, MARK_OPEN, date_label, marked, spans_text
from db.queries import Filters
from db.rows import ArticleRow, Event
from tests import app_fixtures

SIZE = app_fixtures.SIZE


# ---- helpers --------------------------------------------------------------------------------
@pytest.fixture
def own_db(tmp_path) -> Path:
    """The hand-made database, for a test that changes it (``fx_db`` is shared by the module)."""
    return app_fixtures.build(tmp_path / "briefing.db")


@pytest.fixture
def bulk_db(tmp_path) -> Path:
    return app_fixtures.build(tmp_path / "briefing.db", extra=250)


make_app, press, running, settle, settle_timers = (
    app_fixtures.make_app, app_fixtures.press, app_fixtures.running, app_fixtures.settle, app_fixtures.settle_timers)


def plain(widget) -> str:
    """The text a Static shows (our widgets always hold rich Text)."""
    return str(widget.render())


# ---- plain unit tests of the UI's pure helpers ----------------------------------------------
def test_parse_typed_takes_known_prefixes_only():
    t = state.parse_typed('kind:quote speaker:"Jane Roe" since:2025-06 rail title:budget')
    assert t.prefixes == {"kind": "quote", "speaker": "Jane Roe", "since": "2025-06"}
    assert t.text == "rail title:budget"


def test_filters_from_typed_reads_dates_and_countries():
    t = state.parse_typed("since:2025-06 until:2025 country:Xland words")
    f = state.filters_from_typed(Filters(), t, lambda s: "XLD" if s == "Xland" else None)
    assert (f.since, f.until, f.country) == ("2025-06-01", "2025-12-31", "XLD")
    with pytest.raises(state.TypedError):
        state.filters_from_typed(Filters(), state.parse_typed("country:Nowhere"), lambda s: None)
    with pytest.raises(state.TypedError):
        state.filters_from_typed(Filters(), state.parse_typed("since:someday"), lambda s: None)


def test_describe_and_clear_piece_by_piece():
    f = Filters(since="2025-01-01", country="SWE", text="rail")
    assert [n for n, _ in state.describe(f, {"SWE": "Sweden"})] == ["since", "country", "text"]
    assert "country Sweden" in state.summary(f, {"SWE": "Sweden"})
    assert state.set_filter(f, "country", None) == Filters(since="2025-01-01", text="rail")


def test_marked_snippet_becomes_spans_without_marks():
    t = marked(f"the {MARK_OPEN}rail{MARK_CLOSE} pact [bold]x[/bold]", match_style="bold")
    assert t.plain == "the rail pact [bold]x[/bold]"
    assert [(s.start, s.end) for s in t.spans] == [(4, 8)]


def test_spans_text_cleans_between_spans_and_keeps_offsets():
    raw = "ab\x1b]52;c;ZXZpbA==\x07cd [x] ef"
    t = spans_text(raw, [(raw.index("cd"), raw.index("cd") + 2, "bold")])
    assert "\x1b" not in t.plain and "\x07" not in t.plain
    assert t.plain.endswith("cd [x] ef")
    span = t.spans[0]
    assert t.plain[span.start:span.end] == "cd"


def test_date_labels_show_precision():
    assert date_label("2025-06-05") == "2025-06-05"
    assert date_label("2025-06") == "2025-06"
    assert date_label("2025") == "2025"
    assert date_label("2025-06-05", "2025-06-07") == "2025-06-05–07"


def test_commands_declared_once_and_keymap_loads(tmp_path):
    ids = [c.id for c in commands.COMMANDS]
    assert len(ids) == len(set(ids))
    assert all(b.id for b in commands.bindings("list"))
    cfg = tmp_path / "config.toml"
    cfg.write_text('[keys]\n"pane.quotes" = "w"\n"nope" = "z"\n', encoding="utf-8")
    keymap, problems = commands.load_keymap(cfg)
    assert keymap == {"pane.quotes": "w"}
    assert problems and "nope" in problems[0]


# ---- the app on the hand-made database ------------------------------------------------------
@pytest.mark.slow
async def test_number_keys_show_each_pane_with_rows(pilot):
    app = pilot.app
    assert app.current_pane == "timeline"
    assert app.pane("timeline").list.count == 8
    assert app.startup_seconds and app.startup_seconds > 0
    await press(pilot, "2")
    assert app.current_pane == "quotes" and app.pane("quotes").list.count == 6
    assert app.pane("timeline").display is False
    await press(pilot, "3")
    assert app.current_pane == "countries" and app.pane("countries").table.count == 6
    await press(pilot, "4")
    assert app.current_pane == "search"
    await press(pilot, *"rail", "enter")
    assert app.pane("search").list.count > 0
    await press(pilot, "1")
    assert app.current_pane == "timeline"


@pytest.mark.slow
async def test_panes_not_shown_are_mounted_hidden_after_the_first_screen_and_load_when_shown(fx_db):
    """Start-up draws the timeline alone; the other panes are imported and mounted hidden once
    its first rows are drawn, and read nothing from the database until first shown."""
    app = make_app(fx_db)
    at_first_data: list[set[str]] = []
    first_data = app.first_data

    def record(pane: str) -> None:
        at_first_data.append({n for n in ("timeline", "quotes", "countries", "search") if app.pane(n)})
        first_data(pane)

    app.first_data = record
    async with running(app) as pilot:
        assert at_first_data[0] == {"timeline"}
        await _mounted_hidden_then_shown(app, pilot)


async def _mounted_hidden_then_shown(app, pilot) -> None:
    assert app.current_pane == "timeline"
    assert [n for n in ("timeline", "quotes", "countries", "search") if app.pane(n).display] == ["timeline"]
    assert app.pane("quotes").is_mounted and app.pane("quotes").list.count == 0
    await press(pilot, "2")
    assert app.current_pane == "quotes" and app.pane("quotes").list.count > 0
    assert [n for n in ("timeline", "quotes") if app.pane(n).display] == ["quotes"]


@pytest.mark.slow
async def test_filter_box_narrows_every_pane_and_clears_piece_by_piece(pilot):
    app = pilot.app
    before = {"timeline": 8, "quotes": 6, "countries": 6}
    await press(pilot, "slash", *"since:2025-04 country:Poland", "enter")
    assert app.filters == Filters(since="2025-04-01", country="POL")
    assert app.pane("timeline").list.count == 2            # April and May, both Poland
    chips = [c.field for c in app.query("Chip")]
    assert chips == ["since", "country"]
    await press(pilot, "2")
    assert 0 < app.pane("quotes").list.count < before["quotes"]
    await press(pilot, "x")                                 # clears the country (set last)
    assert app.filters == Filters(since="2025-04-01")
    assert app.pane("quotes").list.count == 3               # April on: Poland, memo, ferry
    await press(pilot, "3")
    assert app.pane("countries").table.count < before["countries"]
    await press(pilot, "X")
    assert app.filters == Filters()
    assert app.pane("countries").table.count == before["countries"]
    await press(pilot, "1")
    assert app.pane("timeline").list.count == before["timeline"]


@pytest.mark.slow
async def test_a_filter_with_no_match_says_so_and_offers_to_clear(pilot):
    app = pilot.app
    await press(pilot, "slash", *"zeppelin", "enter")
    pane = app.pane("timeline")
    empty = pane.query_one("#timeline-empty")
    assert empty.shown and pane.list.count == 0
    assert "No dated events match" in plain(empty.query_one("#empty-text"))
    assert empty.query_one("#empty-clear").display
    await pilot.click("#empty-clear")
    await settle(pilot)
    assert app.filters == Filters() and pane.list.count == 8


@pytest.mark.slow
async def test_enter_opens_the_reader_at_the_passage_and_escape_goes_back(pilot):
    from briefing.widgets.reader import ReaderScreen

    app = pilot.app
    await pilot.press("j", "j", "j", "j", "j")              # the ferry strike (2025-06-02)
    await press(pilot, "enter")
    assert isinstance(app.screen, ReaderScreen)
    view = app.screen.view
    assert view.article.title == app_fixtures.MARKUP_TITLE
    assert view.passage_index == 0 and view.passage_visible()
    assert view.query(".para")[0].has_class("-passage")
    await press(pilot, "escape")
    assert not isinstance(app.screen, ReaderScreen)
    assert app.pane("timeline").list.cursor == 5


@pytest.mark.slow
async def test_reader_highlights_and_n_steps_through_quotes(pilot):
    app = pilot.app
    await press(pilot, "2", "enter")                         # first quote: Nordic Wire article
    view = app.screen.view
    kinds = {k for _, _, k in view.page.spans}
    assert {"quote", "speaker", "country", "passage"} <= kinds
    assert "date" in kinds
    quote_par = view.passage_index
    assert "We are finally connecting" in view.query(".para")[quote_par].render().plain
    await press(pilot, "n")
    assert view.stop_index is not None
    assert view.query(".-current")


@pytest.mark.slow
async def test_article_text_is_shown_literally(pilot):
    app = pilot.app
    lst = app.pane("timeline").list
    assert "[bold]update[/bold]" in "".join(lst.render_line(y).text for y in range(lst.size.height))
    await press(pilot, "j", "j", "j", "j", "j", "enter")
    view = app.screen.view
    text = "\n".join(p.render().plain for p in view.query(".para"))
    meta = view.query_one("#reader-meta").render().plain
    assert app_fixtures.MARKUP_TITLE in meta and "Liis [i]Kask[/i]" in meta
    assert "[bold]x[/bold]" in text and "[@click=app.quit]y[/]" in text and "[red]Pay us[/red]" in text
    assert "\x1b" not in text and "\x07" not in text and "ZXZpbA" not in text
    banner = view.query(".para")[1]
    await pilot.click(banner, offset=(30, 0))             # where an interpreted @click would sit
    await settle(pilot)
    assert app.is_running


@pytest.mark.slow
async def test_malformed_search_shows_a_gentle_message(pilot):
    app = pilot.app
    await press(pilot, "4")
    pane = app.pane("search")
    for bad in ("NEAR(", "*", "kind:banana rail", "since:someday rail", "country:Atlantis rail"):
        pane.search(bad)
        await settle(pilot)
        status = pane.query_one("#search-status")
        assert status.has_class("-error"), bad
        assert "Cannot search" in plain(status)
        assert pane.list.count == 0
    pane.search('"rail pact" kind:event since:2025-01')
    await settle(pilot)
    assert not pane.query_one("#search-status").has_class("-error")
    items = [pane.list.item(i) for i in range(pane.list.count)]
    assert items and all(i.kind == "event" for i in items)


@pytest.mark.slow
async def test_search_snippets_highlight_and_open_the_reader(pilot):
    from briefing.widgets.reader import ReaderScreen

    app = pilot.app
    await press(pilot, "4", *"warsaw", "enter")
    pane = app.pane("search")
    first = pane.list.item(0)
    assert MARK_OPEN in first.snippet
    assert app.focused is pane.list
    await press(pilot, "enter")
    assert isinstance(app.screen, ReaderScreen)
    view = app.screen.view
    assert any(k == "match" for _, _, k in view.page.spans)
    assert view.passage_visible()


@pytest.mark.slow
async def test_quotes_facet_variants_and_copy(pilot):
    app = pilot.app
    await pilot.press("2")
    await settle_timers(pilot)
    pane = app.pane("quotes")
    detail = plain(pane.query_one("#quotes-detail-text"))
    assert "Reported by 2 sources" in detail
    await pilot.press("y")
    assert app.clipboard.startswith("“We are finally connecting")
    assert app.clipboard == ("“We are finally connecting the north of our continent.” — Maja Elvström, "
                             "transport minister, Nordic Wire, 4 March 2025")
    facet = pane.query_one("#quotes-facet")
    facet.focus()
    await press(pilot, "j", "enter")                       # the busiest speaker
    assert app.filters.person == "Maja Elvström"
    assert pane.list.count == 2


def _line_text(lst, y: int) -> str:
    return "".join(seg.text for seg in lst.render_line(y)).rstrip()


@pytest.mark.slow
async def test_speaker_facet_counts_keys_and_clicks(pilot):
    """The speaker facet (a virtual list): counts beside names, j/k/g/G and enter choose, a click chooses."""
    from briefing.panes.quotes import ALL, UNKNOWN

    app = pilot.app
    await pilot.press("2")
    await settle_timers(pilot)
    pane = app.pane("quotes")
    facet = pane.facet
    rows = [facet.item(i) for i in range(facet.count)]
    assert [r.id for r in rows][0] == ALL and rows[0].quotes == 6
    assert [(r.name, r.quotes) for r in rows[1:3]] == [("Maja Elvström", 2), ("Eero Tamm", 1)]
    assert rows[-1].id == UNKNOWN
    assert _line_text(facet, 0) == "6 All speakers"
    assert _line_text(facet, 1) == "2 Maja Elvström"
    assert _line_text(facet, facet.count - 1) == "1 (unknown)"
    assert facet.cursor == 0

    facet.focus()
    await press(pilot, "G", "enter")                     # the quotes without a speaker
    assert pane.speaker == "?" and app.filters.person is None
    assert pane.list.count == 1 and app.focused is pane.list
    assert "without a known speaker" in plain(pane.query_one("#quotes-status"))
    facet.focus()
    await press(pilot, "g", "enter")                     # everyone again
    assert pane.speaker is None and pane.list.count == 6

    region = facet.content_region                         # one click on a name chooses it
    await pilot.click(offset=(region.x + 3, region.y + 1))
    await settle(pilot)
    assert app.filters.person == "Maja Elvström"
    assert pane.list.count == 2
    assert facet.item(facet.cursor).name == "Maja Elvström"   # the facet keeps the choice


@pytest.mark.slow
async def test_dossier_keeps_its_wrapped_rows_when_shown_again(pilot):
    """The dossier is wrapped again only when its width changes, not on every show of its pane:
    its Resize handler stops Textual's default one (which drops every option's wrapped lines)
    when the width is the one it last wrapped to."""
    class Resize:                       # what the handler reads of a Resize: prevent_default
        prevented = False

        def prevent_default(self) -> None:
            self.prevented = True

    app = pilot.app
    await pilot.press("3")
    await settle_timers(pilot, app_fixtures.dossier_shown)
    ol = app.pane("countries").query_one("#countries-dossier")
    width = ol.scrollable_content_region.width
    assert ol.option_count > 3 and ol.wrapped_width == width
    await press(pilot, "1")
    await press(pilot, "3")
    assert ol.wrapped_width == width
    same = Resize()
    ol.on_resize(same)
    assert same.prevented                                   # same width: the wrapped rows stay
    await pilot.resize_terminal(SIZE[0] - 10, SIZE[1])
    assert await app_fixtures.until(pilot, lambda: ol.wrapped_width == ol.scrollable_content_region.width != width)
    ol.wrapped_width = width
    other = Resize()
    ol.on_resize(other)
    assert not other.prevented                              # another width: wrapped anew


@pytest.mark.slow
async def test_list_styles_blend_their_colours(pilot):
    """Component colours with alpha ($text-muted) are blended, not drawn at full strength."""
    lst = pilot.app.pane("timeline").list
    dim, text = lst.cstyle("dim").color, lst.base_style.color
    assert dim is not None and dim.triplet != text.triplet
    assert sum(dim.triplet) < sum(text.triplet)            # muted: darker than the text here


@pytest.mark.slow
@pytest.mark.parametrize("which", ["fixtures", "missing"])     # no database: the same
async def test_start_up_heap_frozen_while_running(fx_db, tmp_path, which):
    import gc
    import sys

    interval = sys.getswitchinterval()
    gc.unfreeze()
    app = make_app(fx_db if which == "fixtures" else tmp_path / "missing.db")
    assert gc.get_freeze_count() == 0                     # built, not run: nothing frozen
    async with running(app):
        assert gc.get_freeze_count() > 0
        assert sys.getswitchinterval() == interval        # shortened for the opening only
    assert gc.get_freeze_count() == 0


@pytest.mark.slow
async def test_timeline_jumps_by_day_month_year(pilot):
    app = pilot.app
    lst = app.pane("timeline").list
    await press(pilot, "right_square_bracket")
    assert lst.item(lst.cursor).date == "2025-03-05"
    await press(pilot, "right_curly_bracket")
    assert lst.item(lst.cursor).date == "2025-04"
    await press(pilot, "right_parenthesis")
    assert lst.item(lst.cursor).date == "2027"
    await press(pilot, "left_parenthesis")
    assert lst.item(lst.cursor).date == "2025-03-03"


@pytest.mark.slow
async def test_lists_page_in_only_what_is_on_screen(bulk_db):
    app = make_app(bulk_db)
    async with running(app) as pilot:
        lst = app.pane("timeline").list
        assert lst.count == 258 and lst.state()["loaded"] == 100
        await press(pilot, "G")
        assert lst.cursor == 257 and lst.item(257) is not None
        assert lst.state()["loaded"] < 258                     # the middle page was never needed
        await pilot.press("g", "ctrl+d", "ctrl+d", "j", "k")
        assert lst.cursor > 0


@pytest.mark.slow
async def test_undated_articles_close_the_timeline_paged_filtered_and_open(tmp_path):
    from briefing.widgets.reader import ReaderScreen

    path = app_fixtures.build(tmp_path / "briefing.db", extra=250, undated_n=120)
    app = make_app(path)
    async with running(app) as pilot:
        pane = app.pane("timeline")
        lst = pane.list
        assert lst.count == 258 + 120 and lst.state()["loaded"] == 100
        assert "258 events · 120 undated" in plain(pane.query_one("#timeline-status"))
        await press(pilot, "G")
        last = lst.item(lst.cursor)
        assert lst.cursor == 377 and isinstance(last, ArticleRow) and last.day is None
        assert last.title == "Mill 119 to reopen"
        assert lst.state()["loaded"] < 378                      # the middle pages were never needed
        assert "undated" in plain(pane.query_one("#timeline-detail"))
        screen = [_line_text(lst, y) for y in range(lst.size.height)]
        assert any(line.endswith("·  Mill 119 to reopen") for line in screen)     # one 'undated' gutter
        assert any("fixtures/undated/00119.txt" in line for line in screen)
        lst.move_to(258)
        await settle(pilot)
        first = lst.item(258)
        assert isinstance(first, ArticleRow) and first.title == "Mill 0 to reopen"
        screen = [_line_text(lst, y) for y in range(lst.size.height)]
        assert any(line.startswith("undated") and "Mill 0 to reopen" in line for line in screen)
        await press(pilot, "left_parenthesis")                  # back into the dated events
        assert isinstance(lst.item(lst.cursor), Event) and lst.cursor < 258
        await press(pilot, "G", "enter")
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.article.title == "Mill 119 to reopen"
        await press(pilot, "escape")
        app.set_filter("country", "NOR")                        # filters apply to the group
        await settle(pilot)
        items = [lst.item(i) for i in range(lst.count)]
        assert [i.title for i in items if isinstance(i, ArticleRow)] == [f"Mill {n} to reopen" for n in range(0, 120, 3)]
        app.set_filter("since", "2023-01-01")                   # a date range leaves the undated out
        await settle(pilot)
        assert not any(isinstance(lst.item(i), ArticleRow) for i in range(lst.count))


@pytest.mark.slow
async def test_export_writes_the_slice_and_never_overwrites_without_asking(fx_db, tmp_path):
    from briefing.widgets.export_dialog import ExportDialog

    app = make_app(fx_db)
    target = tmp_path / "out" / "note.md"
    target.parent.mkdir()
    said: list[str] = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append(str(message)), notify(message, **kw))[1]
    async with running(app) as pilot:
        app.filters = Filters(country="SWE")
        await settle(pilot)
        await press(pilot, "e")
        assert isinstance(app.screen, ExportDialog)
        await press(pilot, "escape")                            # escape cancels, nothing written
        assert not isinstance(app.screen, ExportDialog) and app.exported == []
        await press(pilot, "e")
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#export-path")
        assert box.value.endswith("briefing-swe.md")
        box.value = str(target)
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportDialog)
        text = target.read_text(encoding="utf-8")
        assert "2025-03-03" in text and "2030" in text and "2025-04" not in text
        assert "We are finally connecting" in text and "Maja Elvström" in text
        assert "Nordic ministers sign rail pact" in text and "## Sources" in text
        assert app.exported == [target.resolve()]
        # the notice counts what the note lists, as its header does
        header = re.search(r"briefing · (\d+) events?, (\d+) quotes?", text)
        counted = re.search(r"(\d+) events?, (\d+) quotes?", said[-1])
        assert header and counted and header.groups() == counted.groups(), (text[:300], said)
        timeline = text.split("## Timeline", 1)[1].split("## Quotes", 1)[0]
        listed = (str(timeline.count("\n- ")), str(text.count("\n> — ")))
        assert header.groups() == listed, (header.groups(), listed)
        target.write_text("mine", encoding="utf-8")
        await press(pilot, "e")
        app.screen.query_one("#export-path").value = str(target)
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportDialog)             # asks first
        assert "already exists" in plain(app.screen.query_one("#export-message"))
        assert target.read_text(encoding="utf-8") == "mine"
        await press(pilot, "enter")
        assert target.read_text(encoding="utf-8") != "mine"


@pytest.mark.slow
async def test_export_dialog_names_a_missing_folder_and_creates_none(fx_db, tmp_path):
    from briefing.widgets.export_dialog import ExportDialog

    app = make_app(fx_db)
    target = tmp_path / "no such" / "deep" / "note.md"
    async with running(app) as pilot:
        await press(pilot, "e")
        app.screen.query_one("#export-path").value = str(target)
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportDialog)               # still open, saying why
        message = plain(app.screen.query_one("#export-message"))
        assert "does not exist" in message and "deep" in message
        assert not (tmp_path / "no such").exists() and app.exported == []


@pytest.mark.slow
async def test_help_lists_the_keys_of_the_focused_widget(pilot):
    from briefing.widgets.help import HelpScreen

    app = pilot.app
    await press(pilot, "question_mark")
    assert isinstance(app.screen, HelpScreen)
    text = plain(app.screen.query_one("#help-text"))
    assert text.startswith("Timeline › List")
    for needle in ("Move down one row", "Jump to the next day", "Export this slice", "Quit briefing"):
        assert needle in text
    await pilot.press("escape")
    assert not isinstance(app.screen, HelpScreen)


@pytest.mark.slow
async def test_palette_jumps_to_a_country(pilot):
    app = pilot.app
    await app.jump_country("POL")
    await settle(pilot)
    pane = app.pane("countries")
    assert app.current_pane == "countries" and pane.selected_iso3() == "POL"
    assert pane.query_one("#countries-dossier").border_title.startswith("Poland")
    data = await app.palette_data()
    assert {r.iso3 for r in data["countries"]} >= {"POL", "SWE"}
    assert "Maja Elvström" in {p.name for p in data["people"]}
    provider = commands.BriefingCommands(app.screen)
    await provider.startup()
    hits = [h async for h in provider.search("Poland")]
    assert any(h.text == "Country: Poland (POL)" for h in hits)
    assert any(h.text == "Filter country: Poland" for h in hits)
    hits = [h async for h in provider.search("June 2025")]
    assert any(h.text == "Go to 2025-06-01 in the timeline" for h in hits)
    hits = [h async for h in provider.search("Drozdowska")]
    assert any(h.text == "Person: Kasia Drozdowska" for h in hits)
    hits = [h async for h in provider.search("export")]
    assert any(h.text == "Export slice to Markdown" for h in hits)
    await app.jump_date("2025-05-01")
    await settle(pilot)
    lst = app.pane("timeline").list
    assert lst.item(lst.cursor).date == "2025-05"


@pytest.mark.slow
async def test_keys_are_remappable_from_the_config_file(fx_db, tmp_path):
    from briefing.app import BriefingApp

    cfg = tmp_path / "config.toml"
    cfg.write_text('[keys]\n"pane.quotes" = "w"\n', encoding="utf-8")
    app = BriefingApp(fx_db, frozen=True, config_path=cfg)
    async with running(app) as pilot:
        await press(pilot, "w")
        assert app.current_pane == "quotes"


@pytest.mark.slow
async def test_missing_database_says_how_to_make_one(tmp_path):
    missing = tmp_path / "nothing-here.db"
    app = make_app(missing)
    async with running(app) as pilot:
        text = plain(app.query_one("#no-database"))
        assert "briefing" in text and "ingest PATH" in text
        await press(pilot, "1", "e", "slash")
        assert app.is_running
        await pilot.press("q")
    assert not missing.exists()


def test_run_app_on_a_missing_file_does_not_crash(tmp_path, monkeypatch):
    from briefing import app as app_module

    seen = {}

    def fake_run(self, *a, **kw):           # no terminal here: check the app is built, not run
        seen["path"] = self.db_path
        return None

    monkeypatch.setattr(app_module.BriefingApp, "run", fake_run)
    assert app_module.run_app(tmp_path / "missing.db") == 0
    assert seen["path"] == tmp_path / "missing.db"


# ---- the app on the sample articles (../shared/seeds) ----------------------------------------
@pytest.mark.slow
async def test_seeds_every_pane_has_real_rows_and_the_reader_opens(seeds_db):
    from briefing.widgets.reader import ReaderScreen

    app = make_app(seeds_db)
    async with running(app) as pilot:
        tl = app.pane("timeline").list
        assert tl.count > 0
        await press(pilot, "2")
        assert app.pane("quotes").list.count > 0
        await press(pilot, "3")
        assert app.pane("countries").table.count > 0
        await press(pilot, "4", *"GDP", "enter")
        assert app.pane("search").list.count > 0
        await press(pilot, "2", "G", "enter")                  # last quote: deep in an article
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.view.passage_visible()


@pytest.mark.slow
async def test_seeds_filter_narrows_and_export_holds_events_quotes_sources(seeds_db, tmp_path):
    app = make_app(seeds_db)
    async with running(app) as pilot:
        total = app.pane("timeline").list.count
        await press(pilot, "2")
        quotes_total = app.pane("quotes").list.count
        await press(pilot, "3")
        countries_total = app.pane("countries").table.count
        await press(pilot, "4")
        app.pane("search").search("NEAR(")                      # malformed: a message, no crash
        await settle(pilot)
        assert "Cannot search" in str(app.pane("search").query_one("#search-status").render())
        app.pane("search").search("defense")
        await settle(pilot)
        search_total = app.pane("search").list.count
        # in search, / is its own box (the seeds are all of June 2025 or undated)
        await press(pilot, "escape", "1", "slash", *"Hague until:2025-06", "enter")
        assert app.filters.text == "Hague" and app.filters.until == "2025-06-30"
        await press(pilot, "4")
        assert app.pane("search").list.count < search_total     # search runs inside the filters
        await press(pilot, "3")
        assert 0 < app.pane("countries").table.count < countries_total
        await press(pilot, "2")
        assert app.pane("quotes").list.count < quotes_total
        await press(pilot, "1")
        assert 0 < app.pane("timeline").list.count < total
        await press(pilot, "e")
        target = tmp_path / "gdp.md"
        app.screen.query_one("#export-path").value = str(target)
        await press(pilot, "enter")
        text = target.read_text(encoding="utf-8")
        assert "## Timeline" in text and "## Quotes" in text and "## Sources" in text
        assert "1. " in text.split("## Sources", 1)[1]


@pytest.mark.slow
async def test_no_color_keeps_highlights_apart_by_text_style(fx_db, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(fx_db)
    async with running(app) as pilot:
        assert app.no_color
        await press(pilot, "2", "enter")
        view = app.screen.view
        styles = {k: view.component_style(k) for k in ("quote", "speaker", "country", "date")}
        assert styles["quote"].italic and styles["speaker"].bold and styles["country"].underline
        assert styles["date"].bold and styles["date"].underline


@pytest.mark.slow
async def test_empty_no_color_means_colour_in_the_app_as_in_the_cli(fx_db, monkeypatch):
    from briefing.render import no_color

    monkeypatch.setenv("NO_COLOR", "")
    app = make_app(fx_db)
    async with running(app):
        assert not app.no_color and not no_color()     # no-color.org: only a non-empty value counts


@pytest.mark.slow
async def test_mouse_selects_rows_and_double_click_opens(pilot):
    from briefing.widgets.reader import ReaderScreen

    app = pilot.app
    lst = app.pane("timeline").list
    await pilot.click(lst, offset=(20, 4))               # third event (two lines each)
    assert lst.cursor == 2
    await pilot.double_click(lst, offset=(20, 4))
    await settle(pilot)
    assert isinstance(app.screen, ReaderScreen)
    assert app.screen.view.article.title == "Poland asks to join the Nordic rail pact"
    await pilot.press("escape")
    await pilot.click("#pane-tabs", offset=(15, 0))        # "2 Quotes"
    await settle(pilot)
    assert app.current_pane == "quotes"


@pytest.mark.slow
async def test_title_bar_shows_the_counts_then_the_readers_article_and_its_icon_opens_the_palette(pilot):
    from textual.command import CommandPalette

    from briefing.widgets.reader import ReaderScreen
    from briefing.widgets.title_bar import TitleBar

    app = pilot.app
    for _ in range(100):                   # the counts come from a worker, a moment later
        if app.sub_title:
            break
        await pilot.pause(0.05)
    await settle(pilot)
    bar = app.screen.query_one(TitleBar)
    line = str(bar.render())
    assert line.lstrip().startswith("≡") and "briefing · briefing.db — 5 articles" in line
    assert len(line) <= SIZE[0]
    await press(pilot, "enter")
    assert isinstance(app.screen, ReaderScreen)
    title, sub = app.screen.query_one(TitleBar).titles
    assert title == app.title and sub == app.screen.view.article.title    # the screen's own
    await press(pilot, "escape")
    await pilot.click(TitleBar, offset=(1, 0))
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)


@pytest.mark.slow
async def test_quotes_pane_lists_full_statements_and_F_shows_the_rest(own_db):
    import sqlite3

    conn = sqlite3.connect(str(own_db))
    with conn:                                   # one of the fixture's quotes made a fragment
        conn.execute("UPDATE quotes SET partial = 1 WHERE id = (SELECT max(id) FROM quotes)")
    full, partial = conn.execute("SELECT sum(partial = 0), sum(partial = 1) FROM quotes").fetchone()
    conn.close()
    assert partial == 1
    app = make_app(own_db)
    async with running(app) as pilot:
        await pilot.press("2")
        await settle_timers(pilot)
        pane = app.pane("quotes")
        assert pane.list.count == full
        assert "full statements" in plain(pane.query_one("#quotes-status"))
        pane.list.focus()
        await press(pilot, "F")
        assert pane.list.count == full + partial
        await press(pilot, "F")
        assert pane.list.count == full


@pytest.mark.slow
async def test_escape_always_leaves_a_text_box_and_pane_keys_work_outside_it(fx_db):
    """lazygit's and Harlequin's convention: 4, escape, 1 shows the timeline (no "1" typed)."""
    from textual.widgets import Input

    app = make_app(fx_db)
    async with running(app) as pilot:
        await press(pilot, "4")
        search = app.pane("search")
        assert app.focused is search.input          # an empty search pane opens on its box
        await pilot.press("escape")
        assert not isinstance(app.focused, Input)
        await press(pilot, "1")
        assert app.current_pane == "timeline" and search.input.value == ""
        await press(pilot, "4", *"zeppelin", "escape", "slash")     # / there is the search box again
        assert app.focused is search.input and search.input.value == "zeppelin"
        await press(pilot, "escape", "1", "slash")                  # the filter box: escape leaves it too
        assert app.focused is app.query_one("#filter-input")
        await press(pilot, "escape", "question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await press(pilot, "escape", "4", "escape", "q")
        typed = search.input.value
    assert app.return_code == 0 and typed == "zeppelin"


@pytest.mark.slow
async def test_a_file_that_is_not_a_database_gets_advice_that_works(tmp_path, monkeypatch):
    """The advice names a new file: ingest refuses the unreadable one just as the app does."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefing.db").write_bytes(b"taken")
    bad = tmp_path / "passwd"
    bad.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    app = make_app(bad)
    async with running(app):
        text = plain(app.query_one("#no-database"))
    assert "cannot be opened" in text
    command = next(line.strip() for line in text.splitlines() if "ingest PATH" in line)
    assert command == "briefing --db briefing-2.db ingest PATH"
    assert "passwd" not in command


@pytest.mark.slow
async def test_copy_gives_a_clean_citation(pilot):
    """y: the words closed as a sentence, speaker, role, outlet, a date a person reads (no ISO time)."""
    app = pilot.app
    app.set_filter("person", "Kasia Drozdowska")
    await press(pilot, "2")
    await pilot.press("y")
    assert app.clipboard == ("“Warsaw belongs on this line.” — Kasia Drozdowska, deputy prime minister, "
                             "Vistula Daily, 12 April 2025")
    app.set_filter("person", None)
    await settle(pilot)
    app.pane("quotes").list.focus()
    for _ in range(10):
        await pilot.press("j")
        item = app.pane("quotes").list.item(app.pane("quotes").list.cursor)
        if item and not item.speaker:
            break
    await pilot.press("y")
    # the memo's article had no date of its own: its day is marked inferred
    assert app.clipboard == ("“The budget was a guess.” — unknown speaker, Memo questions rail costs, "
                             "21 May 2025 (date inferred)")


@pytest.mark.slow
async def test_details_wrap_whole_at_80x24_and_160x50(seeds_db):
    """Each quote's detail holds its words and citation (no scrolling needed) at 80x24, and the
    timeline's detail its sentence, title and path at 160x50 and 80x24."""
    async def quotes_fit():
        app = make_app(seeds_db)
        async with running(app, (80, 24)) as pilot:
            await pilot.press("2")
            await settle_timers(pilot)
            pane = app.pane("quotes")
            detail = pane.query_one("#quotes-detail")
            for i in range(pane.list.count):
                pane.list.cursor = i
                await settle_timers(pilot)
                text = plain(pane.query_one("#quotes-detail-text"))
                if "Reported by" in text:
                    continue                        # variants below may scroll; the quote and citation come first
                assert detail.max_scroll_y == 0, (i, text)
                assert "\n— " in text

    async def timeline_fits(size):
        app = make_app(seeds_db)
        async with running(app, size) as pilot:
            pane = app.pane("timeline")
            detail = pane.query_one("#timeline-detail")
            for i in range(pane.list.count):
                pane.list.cursor = i
                await settle(pilot)
                width = detail.content_region.width
                needed = detail.get_content_height(detail.size, app.size, width)
                assert needed <= detail.content_region.height, (size, i, plain(detail))
                assert plain(detail).rstrip().endswith(".txt")      # the path, not "from <title> ·"
    await quotes_fit()
    await timeline_fits((160, 50))
    await timeline_fits((80, 24))


def test_country_counts_are_never_cut():
    from briefing.panes.countries import COLUMNS, count_label

    widths = {key: w for key, _, w, _ in COLUMNS}
    for n in (7, 999, 1_234, 12_345, 123_456, 999_999, 1_234_567):
        for key in ("mentions", "articles"):
            label = count_label(n, widths[key])
            assert len(label) <= widths[key] and "…" not in label
    assert (count_label(1_234, 4), count_label(12_345, 5), count_label(1_234_567, 4)) == ("1.2k", "12.3k", "1.2M")


@pytest.mark.slow
async def test_filtering_to_nothing_from_the_filter_box_focuses_the_clear_button(pilot):
    """Enter in the filter box focuses the list, whose empty rows may arrive only after: the
    hidden list hands the focus to the empty state's button instead of leaving nothing focused."""
    app = pilot.app
    await press(pilot, "slash", *"zeppelin", "enter")
    assert not app.pane("timeline").list.display
    assert app.focused is not None and app.focused.id == "empty-clear"
