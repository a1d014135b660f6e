"""A virtual list: renders only the rows on screen and fetches them a page at a time.

The list knows how many rows there are (or that there may be more, for ranked search
results) and asks a fetch function for pages in thread workers as rows scroll into view,
so a timeline of a 200,000-article database opens as fast as a small one. Each row is a
fixed number of lines drawn by the pane's ``render_row``; only visible rows are drawn.
"""
from __future__ import annotations

import sqlite3
from typing import Any, Callable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing import commands
from briefing.render import truncate

# a row: a db.rows record (or a pane's own record for a line it builds, such as a facet's)
Row = Any
Fetch = Callable[[sqlite3.Connection, int, int], list[Row]]
# render_row(item, previous item or None, width, the list, is the first row on screen) -> lines
RenderRow = Callable[[Row, "Row | None", int, "VirtualList", bool], list[Text]]

PAGE = 100


class VirtualList(ScrollView, can_focus=True):
    """Rows on demand: j/k, g/G, ctrl+d/ctrl+u, enter; the mouse selects and scrolls."""

    HELP_TITLE = "List"
    HELP = "A list: move with j/k or the arrows, g/G for the ends, ctrl+d/ctrl+u by half a screen; enter opens."
    BINDINGS = commands.bindings("list")
    COMPONENT_CLASSES = {
        "virtual-list--cursor", "virtual-list--cursor-blurred", "virtual-list--dim", "virtual-list--accent",
        "virtual-list--strong", "virtual-list--match", "virtual-list--warning", "virtual-list--placeholder",
        "virtual-list--stripe",
    }
    DEFAULT_CSS = """
    VirtualList { overflow-x: hidden; overflow-y: auto; }
    """

    cursor: reactive[int] = reactive(0, init=False, always_update=True)

    class _RowMessage(Message):
        """A row of this list (its index and its data, None while not fetched yet)."""

        def __init__(self, lst: "VirtualList", index: int, item: Row | None) -> None:
            super().__init__()
            self.list, self.index, self.item = lst, index, item

        @property
        def control(self) -> "VirtualList":
            return self.list

    class Highlighted(_RowMessage):
        """The cursor moved to a row."""

    class Selected(_RowMessage):
        """enter (or a click) on a row."""

    class PageLoaded(Message):
        def __init__(self, generation: int, page: int, rows: list[Row] | None, error: str | None = None):
            super().__init__()
            self.generation, self.page, self.rows, self.error = generation, page, rows, error

    def __init__(self, row_height: int, render_row: RenderRow, *, page_size: int = PAGE, click_selects: bool = False,
                 name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.row_height = row_height
        self.render_row = render_row
        self.page_size = page_size
        self.click_selects = click_selects       # one click chooses (a facet), not only moves the cursor
        self._gen = 0
        self._held_cursor: int | None = None     # hold_cursor(): the next load keeps the cursor here
        self._fetch: Fetch | None = None
        self._total: int | None = 0          # None: unknown (more may come, ranked results)
        self._complete = True
        self._pages: dict[int, list[Row]] = {}
        self._pending: set[int] = set()
        self._cache: dict[tuple, list[Strip]] = {}
        self._styles: dict[str, Style] = {}

    # ---- data ----------------------------------------------------------------------------
    @property
    def count(self) -> int:
        if self._total is not None:
            return self._total
        known = sum(len(p) for p in self._pages.values())
        return known + (0 if self._complete else 1)

    @property
    def fetching(self) -> bool:
        """Rows are being fetched. (Not ``loading``: Textual treats a loading widget as unfocused
        and would drop the keys pressed meanwhile.)"""
        return bool(self._pending)

    def load(self, total: int | None, fetch: Fetch, first_rows: list[Row], cursor: int = 0) -> None:
        """Show a new result: ``total`` rows (None: unknown), the first page already fetched."""
        if self._held_cursor is not None:
            cursor, self._held_cursor = self._held_cursor, None
        self._gen += 1
        self._fetch = fetch
        self._pages = {0: list(first_rows)}
        self._pending = set()
        self._total = total
        self._complete = total is not None or len(first_rows) < self.page_size
        if total is None and self._complete:
            self._total = len(first_rows)
        self._cache.clear()
        self._update_virtual_size()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.set_reactive(VirtualList.cursor, max(0, min(cursor, self.count - 1)))
        if self.cursor:
            self._scroll_cursor_into_view()
        self._cursor_changed()
        self.refresh()

    def hold_cursor(self) -> None:
        """The next :meth:`load` (the same list, its rows changed) keeps the cursor where it is."""
        self._held_cursor = self.cursor

    def clear(self) -> None:
        self._gen += 1
        self._pages, self._pending, self._total, self._complete = {}, set(), 0, True
        self._cache.clear()
        self._update_virtual_size()
        self.refresh()

    def item(self, index: int) -> Row | None:
        page, i = divmod(index, self.page_size)
        rows = self._pages.get(page)
        if rows is None or i >= len(rows):
            return None
        return rows[i]

    def loaded_items(self) -> list[tuple[int, Row]]:
        out = []
        for page, rows in sorted(self._pages.items()):
            out.extend((page * self.page_size + i, r) for i, r in enumerate(rows))
        return out

    def _request(self, page: int) -> None:
        if page in self._pages or page in self._pending or self._fetch is None:
            return
        self._pending.add(page)
        gen, fetch, size = self._gen, self._fetch, self.page_size
        database = self.app.database          # type: ignore[attr-defined]

        def work() -> None:
            try:
                with database.connection() as conn:
                    rows = fetch(conn, page * size, size)
            except Exception as e:  # noqa: BLE001 - shown in the list, never a crash
                self.post_message(self.PageLoaded(gen, page, None, str(e).splitlines()[0] if str(e) else repr(e)))
                return
            self.post_message(self.PageLoaded(gen, page, rows))

        self.run_worker(work, thread=True, group=f"pages-{self.id or id(self)}", exit_on_error=False)

    def on_virtual_list_page_loaded(self, message: "VirtualList.PageLoaded") -> None:
        message.stop()
        if message.generation != self._gen:
            return
        self._pending.discard(message.page)
        if message.rows is None:
            self.notify(f"could not load rows: {message.error}", severity="error", markup=False)
            self._pages[message.page] = []
            self._complete = True
            return
        self._pages[message.page] = message.rows
        if self._total is None and len(message.rows) < self.page_size:
            self._complete = True
            self._total = sum(len(p) for p in self._pages.values())
        self._cache.clear()
        self._update_virtual_size()
        self.refresh()
        if message.page * self.page_size <= self.cursor < (message.page + 1) * self.page_size:
            self._cursor_changed()

    # ---- geometry --------------------------------------------------------------------------
    def _update_virtual_size(self) -> None:
        # only the height scrolls (overflow-x is hidden): a width of 1 whatever the size, so a
        # list first laid out when its pane is shown (mounted hidden, size 0) does not change its
        # virtual size on that first Resize and lay the whole screen out a second time
        self.virtual_size = Size(1, self.count * self.row_height)

    def on_resize(self, event: events.Resize) -> None:
        # the row cache is keyed by width: nothing to drop
        self._update_virtual_size()
        self._scroll_cursor_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def cstyle(self, name: str) -> Style:
        """A component style (themeable in app.tcss) for row renderers."""
        s = self._styles.get(name)
        if s is None:
            component = f"virtual-list--{name}"
            s = self.get_component_rich_style(component, partial=True)
            if s.color is not None or s.bgcolor is not None:
                # a partial style drops a colour's alpha ($text-muted would come out brighter than the
                # text): take the colours blended over the list's background instead
                full = self.get_component_rich_style(component)
                s += Style(color=full.color if s.color is not None else None,
                           bgcolor=full.bgcolor if s.bgcolor is not None else None)
            self._styles[name] = s
        return s

    # ---- drawing ---------------------------------------------------------------------------
    @property
    def base_style(self) -> Style:
        """The list's own style (``rich_style`` walks every ancestor: once per style update, not per line)."""
        s = self._styles.get("")
        if s is None:
            s = self._styles[""] = self.rich_style
        return s

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        width = self.scrollable_content_region.width
        base = self.base_style
        line = scroll_y + y
        index, sub = divmod(line, self.row_height)
        if index >= self.count:
            return Strip.blank(width, base)
        first = index == scroll_y // self.row_height
        strips = self._row_strips(index, width, first)
        return strips[sub] if sub < len(strips) else Strip.blank(width, base)

    def _row_strips(self, index: int, width: int, first: bool) -> list[Strip]:
        selected = index == self.cursor
        key = (index, width, first, selected, self.has_focus if selected else None)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        base = self.base_style
        if selected:
            base = base + self.get_component_rich_style(
                "virtual-list--cursor" if self.has_focus else "virtual-list--cursor-blurred")
        item = self.item(index)
        if item is None:
            self._request(index // self.page_size)
            lines = [Text("  …", style=self.cstyle("placeholder"))]
        else:
            prev = self.item(index - 1) if index > 0 else None
            lines = self.render_row(item, prev, width, self, first)
        lines = (lines + [Text()] * self.row_height)[: self.row_height]
        console = self.app.console
        strips = []
        for text in lines:
            t = truncate(text, width)
            strip = Strip(t.render(console), t.cell_len).crop_extend(0, width, base).apply_style(base)
            strips.append(strip)
        if len(self._cache) > 2000:
            self._cache.clear()
        self._cache[key] = strips
        return strips

    def _refresh_row(self, index: int) -> None:
        y = index * self.row_height - self.scroll_offset.y
        self.refresh(Region(0, y, self.size.width, self.row_height))

    # ---- cursor ----------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self._cursor_changed()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1))

    def _cursor_changed(self) -> None:
        if self.count:
            self.post_message(self.Highlighted(self, self.cursor, self.item(self.cursor)))

    def _scroll_cursor_into_view(self) -> None:
        if not self.count:
            return
        region = Region(0, self.cursor * self.row_height, 1, self.row_height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    # focus and blur: only the cursor row looks different, and the row cache is keyed by the
    # focus for that row (Textual's own handlers repaint the widget from that cache)

    @property
    def _half(self) -> int:
        return max(1, self.scrollable_content_region.height // self.row_height // 2)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = self.count - 1

    def action_half_page_down(self) -> None:
        self.cursor += self._half

    def action_half_page_up(self) -> None:
        self.cursor -= self._half

    def action_next_match(self) -> None:
        self.cursor += 1

    def action_prev_match(self) -> None:
        self.cursor -= 1

    def action_select(self) -> None:
        if self.count:
            self.post_message(self.Selected(self, self.cursor, self.item(self.cursor)))

    def move_to(self, index: int) -> None:
        self.cursor = index

    # ---- mouse -----------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (offset.y + self.scroll_offset.y) // self.row_height
        if 0 <= index < self.count:
            self.focus()
            if self.click_selects:
                self.cursor = index
                self.action_select()
            elif index == self.cursor and event.chain >= 2:
                self.action_select()
            else:
                self.cursor = index

    def state(self) -> dict[str, Any]:
        """For tests and the status line: what the list shows."""
        return {"count": self.count, "cursor": self.cursor, "loaded": sum(len(p) for p in self._pages.values())}
