"""A one-line text box: escape hands focus back to the list, the cursor blink can be frozen."""
from __future__ import annotations

from textual.actions import SkipAction
from textual.screen import ModalScreen
from textual.widgets import Input

from briefing import commands


class TextInput(Input):
    """Input that knows the app: no blinking in tests and snapshots, escape leaves the box."""

    HELP_TITLE = "Text box"
    HELP = "A text box: type, enter applies, escape goes back to the list."
    BINDINGS = commands.bindings("input")

    def on_mount(self) -> None:
        if getattr(self.app, "frozen", False):
            self.cursor_blink = False

    def action_leave(self) -> None:
        if isinstance(self.screen, ModalScreen):
            raise SkipAction()          # a dialog's own escape (cancel) takes it
        # always out of the box (lazygit's and Harlequin's convention): to the pane's list, or to
        # the pane itself when its main widget is this box (a search with no results yet)
        pane = next((a for a in self.ancestors if a.has_class("pane")), None)
        if pane is None:
            pane = self.app.pane(self.app.current_pane or "")  # type: ignore[attr-defined]
        if pane is not None:
            pane.focus_main(text_box=False)
        else:
            self.screen.set_focus(None)
