"""Textual's OptionList with the app's list keys (j/k, g/G, ctrl+d/ctrl+u, enter).

The keys come from the same ``list.*`` commands as the virtual list, so a remapped key
moves every list alike.
"""
from __future__ import annotations

from textual import events
from textual.widgets import OptionList

from briefing import commands


class NavOptionList(OptionList):
    """An option list (facets, dossiers) moved with the app's list keys."""

    HELP_TITLE = "List"
    HELP = "A list: j/k or the arrows move, g/G go to the ends, enter chooses."
    BINDINGS = commands.bindings("list")

    _lines_width: int | None = None      # the width the options' lines were wrapped to

    def _update_lines(self) -> None:
        fresh = not self._line_cache.lines        # wrapping from scratch (not appending options)
        super()._update_lines()
        if fresh and self._line_cache.lines:
            self._lines_width = self.scrollable_content_region.width

    def _on_resize(self, event: events.Resize) -> None:
        """Keep the wrapped options when the width they were wrapped to is unchanged.

        Textual's OptionList drops every option's lines on each Resize, and a widget is sent
        one each time it is shown again: a dossier of 200 rows was wrapped anew (~50 ms) on
        every show of its pane."""
        if self._lines_width is not None and self.scrollable_content_region.width == self._lines_width:
            event.prevent_default()          # (OptionList._on_resize would clear the caches)

    def action_half_page_down(self) -> None:
        self.action_page_down()

    def action_half_page_up(self) -> None:
        self.action_page_up()

    def action_next_match(self) -> None:
        self.action_cursor_down()

    def action_prev_match(self) -> None:
        self.action_cursor_up()
