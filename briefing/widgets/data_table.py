"""Textual's DataTable with the app's list keys (j/k, g/G, ctrl+d/ctrl+u, enter)."""
from __future__ import annotations

from textual.widgets import DataTable

from briefing import commands


class NavDataTable(DataTable):
    """A table (countries) moved with the app's list keys."""

    HELP_TITLE = "Table"
    HELP = "A table: j/k or the arrows move, g/G go to the ends, enter chooses."
    BINDINGS = commands.bindings("list")

    def action_first(self) -> None:
        self.move_cursor(row=0)

    def action_last(self) -> None:
        self.move_cursor(row=max(0, self.row_count - 1))

    def action_half_page_down(self) -> None:
        self.move_cursor(row=min(self.row_count - 1, self.cursor_row + max(1, self.size.height // 2)))

    def action_half_page_up(self) -> None:
        self.move_cursor(row=max(0, self.cursor_row - max(1, self.size.height // 2)))

    def action_next_match(self) -> None:
        self.action_cursor_down()

    def action_prev_match(self) -> None:
        self.action_cursor_up()

    def action_select(self) -> None:
        self.action_select_cursor()
