"""Work held until the article view first draws lines (`ArticleView.when_painted`)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from tuireader.article import Article, Block
from tuireader.ui.widgets.article_view import ArticleView


def article(paragraphs: int = 400) -> Article:
    text = "A paragraph long enough to wrap over a few lines of a narrow column of text. " * 3
    return Article(title="Paint", blocks=[Block(kind="paragraph", text=f"{i} {text}") for i in range(paragraphs)])


class Host(App[None]):
    CSS = "ArticleView { height: 1fr; } .hidden { display: none; }"

    def __init__(self, hidden: bool) -> None:
        super().__init__()
        self.hidden = hidden

    def compose(self) -> ComposeResult:
        view = ArticleView()
        if self.hidden:
            view.add_class("hidden")
        yield view


async def test_work_waits_for_the_first_paint_without_polling() -> None:
    app = Host(hidden=True)
    ran: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ArticleView)
        view.set_article(article())
        view.when_painted(lambda: ran.append("after paint"))
        for _ in range(10):
            await pilot.pause()
        assert not view.painted and ran == []
        # Queued once each, not re-queued on every refresh (no busy loop while hidden).
        assert len(view._after_paint) <= 2
        view.remove_class("hidden")
        for _ in range(20):
            await pilot.pause()
            if ran:
                break
        assert view.painted and ran == ["after paint"]
        view.when_painted(lambda: ran.append("now"))
        assert ran == ["after paint", "now"]
