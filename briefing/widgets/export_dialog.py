"""Export the current slice to Markdown: ask for a file name, never overwrite without asking."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from briefing import commands
from briefing.render import one_line
from briefing.widgets.text_input import TextInput
from db.queries import Filters


@dataclass
class Exported:
    path: Path
    events: int
    quotes: int


class ExportDialog(ModalScreen["Exported | None"]):
    """File name (a sensible default), enter writes; an existing file needs a second yes."""

    HELP_TITLE = "Export"
    HELP = ("Export: writes the current slice (the active filters) as a Markdown briefing note: the events "
            "by date with their sources, the quotes as blockquotes, and a numbered list of sources. The file is "
            "written atomically and never overwritten without asking.")
    BINDINGS = commands.bindings("dialog")

    class Result(Message):
        def __init__(self, path: str, exported: Exported | None, exists: bool = False, error: str | None = None):
            super().__init__()
            self.path, self.exported, self.exists, self.error = path, exported, exists, error

    def __init__(self, filters: Filters, summary: str, default_path: str) -> None:
        super().__init__()
        self.filters = filters
        self.summary = summary
        self.default_path = default_path
        self._confirm: str | None = None       # the path the user agreed to overwrite
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical(id="export-box"):
            yield Static(Text.assemble(("Export this slice to Markdown", "bold"), "\n",
                                       ("filters: ", "dim"), (one_line(self.summary), "italic")), id="export-title")
            yield TextInput(value=self.default_path, id="export-path", compact=True)
            yield Static(Text("enter writes · escape cancels · a name without a folder goes in the current one",
                              style="dim"), id="export-message")
            with Horizontal(id="export-buttons"):
                yield Button("Write", id="export-write", variant="primary", compact=True)
                yield Button("Cancel", id="export-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#export-box").border_title = "Export"
        inp = self.query_one("#export-path", Input)
        inp.focus()
        inp.cursor_position = len(inp.value)

    @property
    def path_value(self) -> str:
        return self.query_one("#export-path", Input).value.strip()

    def on_input_changed(self, message: Input.Changed) -> None:
        message.stop()
        if self._confirm is not None and message.value.strip() != self._confirm:
            self._confirm = None
            self.query_one("#export-write", Button).label = "Write"
            self._say(Text("enter writes · escape cancels", style="dim"))

    def on_input_submitted(self, message: Input.Submitted) -> None:
        message.stop()
        self.write()

    def on_button_pressed(self, message: Button.Pressed) -> None:
        message.stop()
        if message.button.id == "export-write":
            self.write()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _say(self, text: Text) -> None:
        self.query_one("#export-message", Static).update(text)

    def write(self) -> None:
        path = self.path_value
        if not path or self._busy:
            if not path:
                self._say(Text("Type a file name.", style="bold"))
            return
        self._busy = True
        self._say(Text("writing…", style="dim"))
        self._write(self.filters, path, overwrite=self._confirm == path)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write(self, f: Filters, path: str, overwrite: bool) -> None:
        from briefing.export import ExportExists, ExportRefused, export_markdown, write_atomic
        from db import queries

        try:
            cited: list[str] = []
            counts: dict[str, int] = {}
            with self.app.database.connection() as conn:  # type: ignore[attr-defined]
                text = export_markdown(conn, f, cited=cited, counts=counts)
            written = write_atomic(path, text, overwrite=overwrite)
            from briefing.app_update import record_citations

            record_citations(self.app.db_path, cited)  # type: ignore[attr-defined]
        except ExportExists:
            self.post_message(self.Result(path, None, exists=True))
            return
        except (OSError, queries.QueryError, ExportRefused) as e:
            msg = f"{e.strerror}: {e.filename}" if isinstance(e, OSError) and e.strerror else str(e)
            self.post_message(self.Result(path, None, error=msg))
            return
        self.post_message(self.Result(path, Exported(written, counts["events"], counts["quotes"])))

    def on_export_dialog_result(self, message: Result) -> None:
        message.stop()
        self._busy = False
        if message.exported is not None:
            self.dismiss(message.exported)
        elif message.exists:
            self._confirm = message.path
            self.query_one("#export-write", Button).label = "Overwrite"
            self._say(Text.assemble((one_line(message.path), "bold"), " already exists. Press enter again to ",
                                    ("overwrite", "bold"), " it, or change the name."))
        else:
            self._say(Text.assemble(("Could not write: ", "bold"), one_line(message.error)))
