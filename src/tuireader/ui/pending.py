"""`PendingKeys`: keys pressed before the data they need, kept in order and replayed.

Why: the reader shows an article before everything about it is known. The whole of a big
article is parsed after its head is on screen; on a first launch the folder's listing,
titles and index arrive later still. A key that needs one of those (`G` the end of the
article, `]` a section beyond the head, `n` the declared 下一篇, `b` the whole article's
fingerprint) used to be answered from whatever was there, or dropped. Here each such key
is an *attempt*: a function that either acts (or says why it cannot) and returns None, or
returns the reason it must wait. Waiting keys are queued in the order they were pressed and
replayed whenever the screen learns something new (`replay`); a key pressed while others
wait queues behind them, so `n` then `G` goes to the end of the *next* article. While keys
wait, the footer says what they wait for.
"""

from __future__ import annotations

from collections.abc import Callable

#: An attempt: act and return None, or return why it has to wait.
Attempt = Callable[[], str | None]

#: Keys kept at most; more while the data is missing are refused (and said so).
MAX_WAITING = 16


class PendingKeys:
    """The waiting keys of one screen (see the module doc). `say(text)` shows a line in
    the footer (None clears it)."""

    def __init__(self, say: Callable[[str | None], None]) -> None:
        self._say = say
        self._queue: list[tuple[str, Attempt]] = []
        self._replaying = False
        #: Why the oldest waiting key waits (what the footer says).
        self._reason: str | None = None

    def __len__(self) -> int:
        return len(self._queue)

    @property
    def waiting(self) -> list[str]:
        """The names of the waiting keys, oldest first."""
        return [name for name, _ in self._queue]

    def run(self, name: str, attempt: Attempt) -> None:
        """Run `attempt` now, or queue it behind the keys already waiting."""
        if self._queue:
            if len(self._queue) >= MAX_WAITING:
                self._say(f"{name}: not done, too many keys are waiting already")
                return
            self._queue.append((name, attempt))
            self._show()
            return
        reason = attempt()
        if reason is not None:
            self._queue.append((name, attempt))
            self._show(reason)

    def replay(self) -> None:
        """Run the waiting keys in order until one still has to wait."""
        if self._replaying or not self._queue:
            return
        self._replaying = True
        try:
            self._say(None)  # the waiting line goes; what an attempt says (why not) stays
            while self._queue:
                reason = self._queue[0][1]()
                if reason is not None:
                    self._show(reason)
                    return
                self._queue.pop(0)
                self._reason = None
        finally:
            self._replaying = False

    def clear(self) -> None:
        """Forget the waiting keys (the screen is closing)."""
        self._queue.clear()
        self._reason = None

    def _show(self, reason: str | None = None) -> None:
        if reason is not None:
            self._reason = reason
        names = " ".join(self.waiting)
        self._say(f"{names}: {self._reason or 'waiting'}…")
