"""Every command of the app, declared once.

Key bindings, footer labels, the ``?`` help and the ctrl+p palette are all derived from
:data:`COMMANDS`, so a key shown anywhere is the key that works. Keys can be remapped in
the TOML config (``[keys] command_id = "key"``); Textual's keymap applies the change to the
binding with that id everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape as _escape


@dataclass(frozen=True)
class Command:
    id: str            # stable id: the name used in the config file's [keys] table
    key: str           # default key(s), comma separated, Textual names or single characters
    label: str         # short footer label
    help: str          # one line for the help screen and the palette
    scope: str         # app | list | timeline | quotes | countries | search | reader | dialog
    action: str        # Textual action run in the scope's namespace
    footer: bool = True
    palette: str | None = None   # app-level action for the palette (None: not in the palette)


COMMANDS: tuple[Command, ...] = (
    # --- everywhere ------------------------------------------------------------------------
    Command("pane.timeline", "1", "Timeline", "Show the timeline of dated events", "app",
            "show_pane('timeline')", footer=False, palette="show_pane('timeline')"),
    Command("pane.quotes", "2", "Quotes", "Show quotes and their speakers", "app",
            "show_pane('quotes')", footer=False, palette="show_pane('quotes')"),
    Command("pane.countries", "3", "Countries", "Show countries and their dossiers", "app",
            "show_pane('countries')", footer=False, palette="show_pane('countries')"),
    Command("pane.search", "4", "Search", "Search articles, quotes and events", "app",
            "show_pane('search')", footer=False, palette="show_pane('search')"),
    Command("filter.focus", "slash", "Filter", "Type a filter: words, since:DATE until:DATE country:C person:P",
            "app", "focus_filter", palette="focus_filter"),
    Command("filter.clear_last", "x", "Clear filter", "Remove the most recently set filter", "app",
            "clear_last_filter", palette="clear_last_filter"),
    Command("filter.clear_all", "X", "Clear all", "Remove every filter", "app", "clear_filters",
            footer=False, palette="clear_filters"),
    Command("help", "question_mark", "Help", "Keys and help for the focused widget", "app", "help",
            palette="help"),
    Command("filter.new", "a", "New", "Only articles that arrived since the last session (again: all)", "app",
            "toggle_new", footer=False, palette="toggle_new"),
    Command("feeds.update", "u", "Update", "Fetch the feeds and ingest their new articles", "app",
            "update_feeds", footer=False, palette="update_feeds"),
    Command("quit", "q", "Quit", "Quit briefing", "app", "quit"),
    # --- any list --------------------------------------------------------------------------
    Command("list.down", "j,down", "Down", "Move down one row", "list", "cursor_down", footer=False),
    Command("list.up", "k,up", "Up", "Move up one row", "list", "cursor_up", footer=False),
    Command("list.top", "g,home", "Top", "Go to the first row", "list", "first", footer=False),
    Command("list.bottom", "G,end", "Bottom", "Go to the last row", "list", "last", footer=False),
    Command("list.half_down", "ctrl+d,pagedown", "Page down", "Move down half a screen", "list",
            "half_page_down", footer=False),
    Command("list.half_up", "ctrl+u,pageup", "Page up", "Move up half a screen", "list", "half_page_up",
            footer=False),
    Command("list.open", "enter", "Open", "Open the article at this passage", "list", "select"),
    Command("list.next_match", "n", "Next", "Next match (next result)", "list", "next_match", footer=False),
    Command("list.prev_match", "N", "Previous", "Previous match (previous result)", "list", "prev_match",
            footer=False),
    # --- timeline --------------------------------------------------------------------------
    Command("timeline.export", "e", "Export", "Export this slice of the timeline to Markdown", "timeline",
            "export", palette="export"),
    Command("timeline.next_day", "right_square_bracket", "Next day", "Jump to the next day with events",
            "timeline", "jump('day', 1)", footer=False),
    Command("timeline.prev_day", "left_square_bracket", "Prev day", "Jump to the previous day with events",
            "timeline", "jump('day', -1)", footer=False),
    Command("timeline.next_month", "right_curly_bracket", "Next month", "Jump to the next month",
            "timeline", "jump('month', 1)", footer=False),
    Command("timeline.prev_month", "left_curly_bracket", "Prev month", "Jump to the previous month",
            "timeline", "jump('month', -1)", footer=False),
    Command("timeline.next_year", "right_parenthesis", "Next year", "Jump to the next year", "timeline",
            "jump('year', 1)", footer=False),
    Command("timeline.prev_year", "left_parenthesis", "Prev year", "Jump to the previous year", "timeline",
            "jump('year', -1)", footer=False),
    # --- quotes ----------------------------------------------------------------------------
    Command("quotes.copy", "y", "Copy", "Copy the quote with its citation", "quotes", "copy"),
    Command("quotes.speaker", "p", "Speaker", "Narrow everything to this quote's speaker", "quotes",
            "filter_speaker"),
    Command("quotes.partial", "F", "Fragments", "Show or hide fragments, titles and scare quotes (full "
            "statements only by default)", "quotes", "toggle_partial"),
    # --- countries -------------------------------------------------------------------------
    Command("countries.sort", "s", "Sort", "Sort by mentions, articles or name", "countries", "sort"),
    Command("countries.filter", "f", "Narrow", "Narrow everything to this country", "countries",
            "filter_country"),
    # --- search ----------------------------------------------------------------------------
    Command("search.focus", "slash", "Search", "Type a search (FTS5 syntax, kind: speaker: country: "
            "since: until:)", "search", "focus_search"),
    Command("input.leave", "escape", "Back to list", "Leave the text box and go back to the list", "input",
            "leave"),
    Command("dialog.cancel", "escape", "Cancel", "Close this dialog without doing anything", "dialog", "cancel"),
    Command("help.close", "escape,question_mark,q", "Close", "Close the help", "help", "close"),
    # --- reader ----------------------------------------------------------------------------
    Command("reader.back", "escape", "Back", "Close the article and go back", "reader", "back"),
    Command("reader.next", "n", "Next", "Next highlighted passage or match", "reader", "next_stop"),
    Command("reader.prev", "N", "Previous", "Previous highlighted passage or match", "reader", "prev_stop"),
    Command("reader.down", "j,down", "Down", "Scroll down", "reader", "scroll_down", footer=False),
    Command("reader.up", "k,up", "Up", "Scroll up", "reader", "scroll_up", footer=False),
    Command("reader.top", "g,home", "Top", "Scroll to the top", "reader", "scroll_home", footer=False),
    Command("reader.bottom", "G,end", "Bottom", "Scroll to the end", "reader", "scroll_end", footer=False),
    Command("reader.half_down", "ctrl+d,pagedown", "Page down", "Scroll down half a screen", "reader",
            "half_down", footer=False),
    Command("reader.half_up", "ctrl+u,pageup", "Page up", "Scroll up half a screen", "reader", "half_up",
            footer=False),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def in_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]


def bindings(scope: str) -> list[Binding]:
    """Textual bindings for one scope; the id lets the keymap remap them."""
    return [Binding(c.key, c.action, c.label, show=c.footer, id=c.id, tooltip=c.help) for c in in_scope(scope)]


def key_display(key: str) -> str:
    """A key as a person reads it: 'ctrl+d' -> '^d', 'question_mark' -> '?'."""
    from textual.keys import format_key

    out = []
    for k in key.split(","):
        *mods, name = k.strip().split("+")
        name = format_key(name)
        if "ctrl" in mods:
            mods.remove("ctrl")
            name = "^" + name
        out.append("+".join([*mods, name]))
    return " ".join(out)


def load_keymap(path: Path | str) -> tuple[dict[str, str], list[str]]:
    """``[keys]`` from the TOML config: (keymap for App.set_keymap, problems to tell the user)."""
    path = Path(path)
    if not path.is_file():
        return {}, []
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        return {}, [f"cannot read {path}: {e}"]
    keys = data.get("keys", {})
    if not isinstance(keys, dict):
        return {}, [f"{path}: [keys] must be a table of command_id = \"key\""]
    keymap, problems = {}, []
    for cid, key in keys.items():
        if cid not in BY_ID:
            problems.append(f"{path}: unknown command {cid!r} in [keys]")
        elif not isinstance(key, str) or not key.strip():
            problems.append(f"{path}: key for {cid!r} must be a non-empty string")
        else:
            keymap[cid] = key.strip()
    return keymap, problems


# ---- the ctrl+p palette -------------------------------------------------------------------


class BriefingCommands(Provider):
    """The declared commands, plus jumps to a country, a person or a date typed in the palette."""

    async def startup(self) -> None:
        self._data = await self.app.palette_data()  # type: ignore[attr-defined]

    def _key(self, c: Command) -> str:
        keymap = getattr(self.app, "_keymap", {}) or {}
        return key_display(keymap.get(c.id, c.key))

    def _static(self) -> list[tuple[str, str, object]]:
        app = self.app
        out = []
        for c in COMMANDS:
            if c.palette:
                out.append((c.label if c.id != "timeline.export" else "Export slice to Markdown",
                            f"{self._key(c)} · {c.help}", partial(app.run_action, c.palette)))
        return out

    async def discover(self) -> Hits:
        from briefing.render import one_line

        for label, help_text, cb in self._static():
            yield DiscoveryHit(Content(label), cb, text=label, help=_escape(help_text))
        data = getattr(self, "_data", None) or {}
        for r in (data.get("countries") or [])[:5]:
            label = f"Country: {one_line(r.name)} ({r.iso3})"
            yield DiscoveryHit(Content(label), partial(self.app.jump_country, r.iso3), text=label,
                               help=_escape(f"{r.mentions:,} mentions in {r.articles:,} articles · show its "
                                            "dossier"))
        for p in (data.get("people") or [])[:5]:
            label = f"Person: {one_line(p.name)}"
            yield DiscoveryHit(Content(label), partial(self.app.jump_person, p.name), text=label,
                               help=_escape(f"{one_line(p.role) or 'person'} · {p.quotes} quotes · "
                                            "narrow every pane to them"))

    async def search(self, query: str) -> Hits:
        from briefing.dates import DateInputError, parse_bound
        from briefing.render import one_line

        matcher = self.matcher(query)
        app = self.app
        for label, help_text, cb in self._static():
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), cb, text=label, help=_escape(help_text))
        try:
            since, until = parse_bound(query), parse_bound(query, end=True)
        except DateInputError:
            since = until = None
        if since:
            label = f"Go to {since} in the timeline"
            yield Hit(1.0, Content(label), partial(app.jump_date, since), text=label,
                      help="move the timeline cursor to the first event on or after this date")
            label = f"Filter to {since} … {until}"
            yield Hit(0.95, Content(label), partial(app.set_date_range, since, until), text=label,
                      help="narrow every pane to this period")
        data = getattr(self, "_data", None) or {}
        for r in data.get("countries") or []:
            name = one_line(r.name)
            for label, cb, help_text in (
                    (f"Country: {name} ({r.iso3})", partial(app.jump_country, r.iso3),
                     f"{r.mentions:,} mentions · show its dossier"),
                    (f"Filter country: {name}", partial(app.set_filter, "country", r.iso3),
                     "narrow every pane to this country")):
                score = max(matcher.match(label), matcher.match(r.iso3) * 0.9)
                if score > 0:
                    yield Hit(score, matcher.highlight(label), cb, text=label, help=_escape(help_text))
        for p in data.get("people") or []:
            name = one_line(p.name)
            label = f"Person: {name}"
            score = max([matcher.match(label)] + [matcher.match(one_line(a)) * 0.9 for a in p.aliases])
            if score > 0:
                role = one_line(p.role) or "person"
                yield Hit(score, matcher.highlight(label), partial(app.jump_person, p.name), text=label,
                          help=_escape(f"{role} · {p.quotes} quotes · narrow every pane to them"))
