"""Following feeds over HTTP: fetching (``http``), feed discovery and OPML (``discover``,
``opml``) and turning a feed's items into articles (``items``). I/O and parsing only: what
is stored, and what is new, is the caller's business (``db.feeds``, ``briefing.updating``)."""
