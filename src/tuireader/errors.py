"""Errors the model raises for bad input. Each carries a one-line, user-facing message."""


class IngestError(Exception):
    """A file could not be turned into an article (missing, unreadable, binary, undecodable).

    `str(err)` is a single line suitable for stderr or a notice in the reader: it names
    the file and the reason, never a traceback.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
