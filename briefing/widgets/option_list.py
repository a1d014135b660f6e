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

    wrapped_width: int | None = None     # the content width at the last Resize it took

    def on_resize(self, event: events.Resize) -> None:
        """Keep the wrapped options when the content width is unchanged.

        Textual's OptionList drops every option's lines on each Resize, and a widget is sent
        one each time it is shown again: a dossier of 200 rows was wrapped anew (~50 ms) on
        every show of its pane. Handled here, ``prevent_default`` keeps the Resize from the
        base class's handler unless the width changed."""
        width = self.scrollable_content_region.width
        if width == self.wrapped_width:
            event.prevent_default()
        self.wrapped_width = width

    def action_half_page_down(self) -> None:
        self.action_page_down()

    def action_half_page_up(self) -> None:
        self.action_page_up()

    def action_next_match(self) -> None:
        self.action_cursor_down()

    def action_prev_match(self) -> None:
        self.action_cursor_up()
