"""The forked parse of `tuireader FILE` (model.prefetch) and how the app takes it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tuireader.ingest.load import load_article, load_article_head
from tuireader.reading.prefetch import Prefetch, articles_for_reading, prefetch_article

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="prefetch needs os.fork")


def _square(n: int) -> Iterator[int]:
    yield n * n


def _fail() -> Iterator[None]:
    raise ValueError("no")
    yield None


def _crash() -> Iterator[None]:
    os._exit(3)
    yield None


def _slow() -> Iterator[int]:
    time.sleep(30)
    yield 1


def _two_then_fail() -> Iterator[str]:
    yield "head"
    time.sleep(0.2)
    yield "whole"
    raise ValueError("no third")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_child_computes_the_value() -> None:
    job = Prefetch.start("k", _square, 12)
    assert job is not None and job.key == "k"
    assert job.result() == 144
    assert job.result() == 144  # asked twice: the same value, the child already reaped


@pytest.mark.parametrize("fn", [_fail, _crash])
def test_a_failing_or_crashing_child_gives_none(fn: object) -> None:
    job = Prefetch.start("k", fn)  # type: ignore[arg-type]
    assert job is not None
    assert job.result() is None


def test_values_come_one_after_another_and_a_missing_one_is_none() -> None:
    job = Prefetch.start("k", _two_then_fail)
    assert job is not None
    assert job.result() == "head"
    assert job.value(1) == "whole"
    assert job.value(2) is None  # the child failed before a third
    assert job.value(0) == "head"  # what was read stays


def test_cancel_does_not_wait_for_a_thread_blocked_on_a_value() -> None:
    job = Prefetch.start("k", _slow)
    assert job is not None
    got: list[object] = []
    waiter = threading.Thread(target=lambda: got.append(job.value(0, wait=30)))
    waiter.start()
    time.sleep(0.1)
    t0 = time.monotonic()
    job.cancel()
    waiter.join(5)
    assert not waiter.is_alive() and got == [None]
    assert time.monotonic() - t0 < 5


def test_a_child_that_takes_too_long_is_killed() -> None:
    job = Prefetch.start("k", _slow)
    assert job is not None
    pid = job._pid
    t0 = time.monotonic()
    assert job.result(wait=0.2) is None
    assert time.monotonic() - t0 < 5
    assert not _pid_alive(pid)


def test_cancel_kills_and_reaps_the_child() -> None:
    job = Prefetch.start("k", _slow)
    assert job is not None
    job.cancel()
    assert not _pid_alive(job._pid)
    assert job.result() is None


def test_a_closed_prefetch_keeps_nothing_alive() -> None:
    """Its exit hook is removed once closed, so what it read (a whole article) is freed
    when the reader lets go of it."""
    import gc
    import weakref

    job = Prefetch.start("k", _square, 7)
    assert job is not None and job.value(0) == 49
    job.cancel()
    ref = weakref.ref(job)
    del job
    gc.collect()
    assert ref() is None


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert Prefetch.start("k", _square, 2) is None
    finally:
        stop.set()
        worker.join()


def test_the_prefetched_article_is_what_the_reader_would_parse(tmp_path: Path) -> None:
    small = tmp_path / "small.md"
    small.write_text("# Title\n\n## One\n\nText of one.\n\n## Two\n\nText of two.\n", encoding="utf-8")
    big = tmp_path / "big.txt"
    big.write_text("标题\n\n" + "".join(f"{i}、第{i}节\n\n" + "这是一段正文。" * 60 + "\n\n" for i in range(1, 1200)),
                   encoding="utf-8")
    for path in (small, big):
        job = prefetch_article(path)
        assert job is not None
        assert job.key == str(path.resolve())
        article = job.result()
        head = load_article_head(path)
        whole = load_article(path)
        assert article.to_json() == (head or whole).to_json()
        assert article.partial == (head is not None)
        if head is not None:
            assert job.value(1).to_json() == whole.to_json()  # then the whole, from the child
            assert not job.value(1).partial
        else:
            assert job.value(1, wait=1) is None
    assert next(iter(articles_for_reading(str(big)))).partial  # the big one really is a head


def test_a_file_that_fails_to_parse_gives_none_and_the_app_says_why(tmp_path: Path) -> None:
    bad = tmp_path / "gone.txt"
    job = prefetch_article(bad)
    assert job is not None
    assert job.result() is None
