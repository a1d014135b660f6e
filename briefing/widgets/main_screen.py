"""The app's main screen: panes, filter bar and tabs live on it."""
from __future__ import annotations

from textual.screen import Screen


class MainScreen(Screen):
    """Focuses the timeline's list from the start (not the filter box first and the list once
    the rows come: each focus change restyles the widget), and composes no frame while the
    app holds its first paint."""

    AUTO_FOCUS = "#timeline-list"

    def _compositor_refresh(self) -> None:
        # While the app waits for its first rows (``paint_held``), Textual draws nothing (a batch
        # update), yet the layout made as the widgets mount would still compose a whole frame
        # (~10 ms) only to throw it away. Skipped, the screen's regions stay dirty, and the
        # frame drawn once the rows are in is a full one. (Textual's own refresh hook: without
        # it, this override is never called and that frame is composed as before.)
        if getattr(self.app, "paint_held", False):
            return
        super()._compositor_refresh()
