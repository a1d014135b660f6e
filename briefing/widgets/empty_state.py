"""An honest empty state: says why nothing is shown and what to do next."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Static


class EmptyState(Vertical):
    """Shown instead of a list with no rows; offers to clear the filters when they are the cause."""

    DEFAULT_CSS = """
    EmptyState { height: auto; padding: 1 2; display: none; }
    EmptyState.-shown { display: block; }
    EmptyState Button { margin-top: 1; }
    """

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._built = False

    def compose(self) -> ComposeResult:
        # nothing until first shown: most lists are never empty, and a Button on the first
        # screen costs its CSS and widgets at start-up
        return iter(())

    def show(self, message: Text | str, offer_clear: bool) -> None:
        text = message if isinstance(message, Text) else Text(message)
        if not self._built:
            self._built = True
            button = Button("Clear filters (X)", id="empty-clear", compact=True, variant="primary")
            button.display = offer_clear
            self.mount(Static(text, id="empty-text"), button)
        else:
            self.query_one("#empty-text", Static).update(text)
            self.query_one("#empty-clear", Button).display = offer_clear
        self.add_class("-shown")

    def hide(self) -> None:
        self.remove_class("-shown")

    @property
    def shown(self) -> bool:
        return self.has_class("-shown")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.app.action_clear_filters()  # type: ignore[attr-defined]
