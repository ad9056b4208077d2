"""The Chinese script the app shows text in (`config.toml` `script`, remembered in state).

Why one module: the reader, the outline, the library list, the search and bookmark lists
all show article text; each asks here for the current script and for a string as shown,
so a switch (ctrl+t) reaches them all the same way. The conversion itself lives in
`tuireader.script` (OpenCC, loaded only when a script other than "original" is used).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tuireader.article import Article
from tuireader.store.config import SCRIPTS

if TYPE_CHECKING:
    from tuireader.script.convert import ScriptView

#: Shown as it is: nothing of `tuireader.script.convert` (nor OpenCC) is imported then.
DEFAULT = "original"


def current(app: Any) -> str:
    """The app's script ("original" for anything that has none, e.g. a bare test app)."""
    script = getattr(app, "script", DEFAULT)
    return script if script in SCRIPTS else DEFAULT


def initial(config_script: str, saved: Any) -> str:
    """The script at start-up: the one remembered in state.toml, else config.toml's."""
    return saved if isinstance(saved, str) and saved in SCRIPTS else config_script


def shown(script: str, text: str) -> str:
    """`text` (a title, section, excerpt) as shown in `script`."""
    if script == DEFAULT or not text:
        return text
    from tuireader.script.convert import convert_short

    return convert_short(text, script)


def shown_spans(script: str, text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """A snippet and its highlight spans as shown in `script` (spans follow the text when
    converting changes its length)."""
    if script == DEFAULT or not text:
        return text, spans
    from tuireader.script.convert import config_for, convert_text

    out, omap = convert_text(text, config_for(script, text))
    if omap is None:
        return out, spans
    return out, [(omap.to_converted(s), omap.to_converted(e, end=True)) for s, e in spans]


def article_view(script: str, article: Article) -> ScriptView | None:
    """How `article` is shown in `script` (None for "original"; a view that converts
    nothing when the article is already in that script or is not Chinese). The article's
    script is told from its title and first blocks, so its head and its whole text agree."""
    if script == DEFAULT:
        return None
    from tuireader.script.convert import ScriptView, sample_of

    return ScriptView(script, sample_of([article.title, *(b.text for b in article.blocks[:200])]))


def shown_many(script: str, texts: list[str]) -> list[str]:
    """Many short texts of one article (outline labels) in one OpenCC call: a 3,700-entry
    outline costs one conversion, not 3,700."""
    if script == DEFAULT or not texts:
        return texts
    from tuireader.script.convert import config_for, convert_text

    joined = "\n".join(t.replace("\n", " ") for t in texts)
    out = convert_text(joined, config_for(script, joined[:4000]))[0].split("\n")
    return out if len(out) == len(texts) else [shown(script, t) for t in texts]
