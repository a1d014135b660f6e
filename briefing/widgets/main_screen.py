"""The app's main screen: panes, filter bar and tabs live on it."""
from __future__ import annotations

from textual.screen import Screen


class MainScreen(Screen):
    """Focuses the timeline's list from the start (not the filter box first and the list once
    the rows come: each focus change restyles the widget)."""

    AUTO_FOCUS = "#timeline-list"
