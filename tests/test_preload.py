"""The reader's neighbours parsed ahead (`model.preload`): handed out once, never stale."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tuireader.reading.preload import WHOLE_MAX_BYTES, ReadyArticles


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def big_markdown(sections: int = 400) -> str:
    parts = ["# A Big Report\n"]
    for i in range(1, sections + 1):
        parts.append(f"## Part {i}\n\n" + ("A sentence that fills the part with words. " * 20) + "\n")
    return "\n".join(parts)


def test_a_prepared_article_is_handed_out_once(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "# Small\n\nOne paragraph.\n")
    ready = ReadyArticles()
    assert ready.prepare(path)
    assert path in ready
    article = ready.take(path)
    assert article is not None and article.title == "Small" and not article.partial
    assert ready.take(path) is None


def test_preparing_an_unchanged_article_again_does_no_work(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "# Small\n\nOne paragraph.\n")
    ready = ReadyArticles()
    assert ready.prepare(path)
    assert not ready.prepare(path)


def test_a_big_article_is_prepared_as_its_head(tmp_path: Path) -> None:
    path = write(tmp_path / "big.md", big_markdown())
    ready = ReadyArticles()
    assert ready.prepare(path)
    article = ready.take(path)
    assert article is not None and article.partial and article.title == "A Big Report"


def test_a_file_changed_after_preparing_is_not_handed_out(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "# Small\n\nOne paragraph.\n")
    ready = ReadyArticles()
    ready.prepare(path)
    write(path, "# Small, edited\n\nOne paragraph, and more.\n")
    assert ready.take(path) is None


def test_same_size_but_newer_file_is_not_handed_out(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "# Small\n\nOne paragraph.\n")
    ready = ReadyArticles()
    ready.prepare(path)
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert ready.take(path) is None


def test_missing_broken_and_big_whole_files_are_not_prepared(tmp_path: Path) -> None:
    ready = ReadyArticles()
    assert not ready.prepare(tmp_path / "gone.md")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    assert not ready.prepare(binary)
    page = "<html><body><article>" + "<p>Words in a big page.</p>" * (WHOLE_MAX_BYTES // 20) + "</article></body></html>"
    html = write(tmp_path / "big.html", page)
    assert not ready.prepare(html)
    assert ready.take(html) is None


def test_keep_only_forgets_the_others(tmp_path: Path) -> None:
    a = write(tmp_path / "a.md", "# A\n\nText.\n")
    b = write(tmp_path / "b.md", "# B\n\nText.\n")
    ready = ReadyArticles()
    ready.prepare(a)
    ready.prepare(b)
    ready.keep_only([b])
    assert a not in ready and b in ready


def test_taking_an_article_being_prepared_waits_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import tuireader.reading.preload as preload

    path = write(tmp_path / "a.md", "# Slow\n\nOne paragraph.\n")
    started, release = threading.Event(), threading.Event()
    real = preload.load_article_head

    def slow_head(p: Path) -> object:
        started.set()
        release.wait(5)
        return real(p)

    monkeypatch.setattr(preload, "load_article_head", slow_head)
    ready = ReadyArticles()
    worker = threading.Thread(target=ready.prepare, args=(path,))
    worker.start()
    assert started.wait(5)
    threading.Timer(0.2, release.set).start()
    article = ready.take(path)  # would be None without waiting: the parse is not done yet
    worker.join()
    assert article is not None and article.title == "Slow"
