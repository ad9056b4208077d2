"""App-level notices carry article titles and file names: they must never be read as markup."""

from __future__ import annotations

from pathlib import Path

from tuireader.ui.app import make_app


async def test_app_notice_with_markup_like_title_is_shown_literally(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A title\n\nSome text.\n", encoding="utf-8")
    app = make_app(str(tmp_path), refresh=False)
    async with app.run_test(size=(100, 30)) as pilot:
        app.notify("[@click=app.quit]Quit[/] and [bold]x[/bold]: not found")
        await pilot.pause()
        shown = [n.message for n in app._notifications]
        assert "[@click=app.quit]Quit[/] and [bold]x[/bold]: not found" in shown
        assert all(not n.markup for n in app._notifications)
        assert app.is_running


def test_every_declared_binding_has_a_unique_id_per_group() -> None:
    from tuireader.ui.bindings import GROUPS

    for name, group in GROUPS.items():
        ids = [b.id for b in group]
        assert all(ids), f"{name}: a binding without id"
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    assert "find-next" in {b.id for b in GROUPS["Find"]}
    assert "delete-bookmark" in {b.id for b in GROUPS["Bookmarks"]}
