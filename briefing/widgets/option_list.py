"""Textual's OptionList with the app's list keys (j/k, g/G, ctrl+d/ctrl+u, enter).

The keys come from the same ``list.*`` commands as the virtual list, so a remapped key
moves every list alike.
"""
from __future__ import annotations

from textual.widgets import OptionList

from briefing import commands


class NavOptionList(OptionList):
    """An option list (facets, dossiers) moved with the app's list keys."""

    HELP_TITLE = "List"
    HELP = "A list: j/k or the arrows move, g/G go to the ends, enter chooses."
    BINDINGS = commands.bindings("list")

    def action_half_page_down(self) -> None:
        self.action_page_down()

    def action_half_page_up(self) -> None:
        self.action_page_up()

    def action_next_match(self) -> None:
        self.action_cursor_down()

    def action_prev_match(self) -> None:
        self.action_cursor_up()
