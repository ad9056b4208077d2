"""README title blocks: what a project page puts above its first section.

A README rarely opens with `# Name`. It opens with a centred logo (`<img alt="bat - a cat
clone with wings">`), a raw `<h1 align="center">`, an `<h2>` holding the logo and a tagline,
and rows of badges ("Build Status", "PyPI version", "codecov"). A reader wants the project's
name as the title and none of the badge labels as text. The rules, all on the opening run
of raw HTML and image-only paragraphs before the first section or sentence:

- a badge (an image served by a badge service, or a `…/badge.svg`) is never text, anywhere;
- in the opening run, images are not text: a logo's alt names the project, it is not a line;
- the title is the opening run's `<h1>` text; else whichever comes first of a logo's alt
  (minus a trailing "logo") and an `<h2>`'s text (its own words, not its logo's alt).

Emoji shortcodes (`:rocket:`) are markup for a picture: they never reach a title or a heading
(the body keeps them as written).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

_BADGE_HOSTS = (
    "img.shields.io", "shields.io", "badge.fury.io", "badgen.net", "badges.gitter.im", "travis-ci.org",
    "travis-ci.com", "circleci.com", "codecov.io", "coveralls.io", "ci.appveyor.com", "pepy.tech",
    "static.pepy.tech", "readthedocs.org", "bestpractices.coreinfrastructure.org", "snyk.io",
    "app.codacy.com", "api.codacy.com", "deepscan.io", "goreportcard.com", "godoc.org",
    "pkg.go.dev", "david-dm.org", "flat.badgen.net", "api.netlify.com", "codeclimate.com",
    "sonarcloud.io", "app.fossa.com", "opencollective.com", "liberapay.com", "discordapp.com",
    "dcbadge.vercel.app", "repology.org", "api.securityscorecards.dev", "www.bestpractices.dev",
)
_BADGE_PATH = re.compile(r"(?:^|[/_.-])badges?(?:[/_.-]|\.svg|$)|/badge/|\.svg\?.*(?:style|label|color)=", re.I)
_LOGO_WORD = re.compile(r"[\s:–—-]*\b(?:project\s+)?logo(?:\s+(?:image|light|dark))?\s*$", re.I)
#: `:rocket:` / `:+1:` between spaces (or at an end): not `std::any::`, not `10:30:`.
SHORTCODE = re.compile(r"(?:(?<=\s)|^):[a-z0-9_+-]*[a-z][a-z0-9_+-]*:(?=\s|$)")


def is_badge(src: str | None) -> bool:
    """An image served by a badge service (shields.io, codecov, a CI's badge.svg …)."""
    if not src:
        return False
    try:
        parts = urlsplit(src.strip())
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    if host in _BADGE_HOSTS or host.endswith(".shields.io"):
        return True
    return bool(_BADGE_PATH.search(parts.path + ("?" + parts.query if parts.query else "")))


def logo_name(alt: str) -> str:
    """"Black Logo" → "Black"; "nvm project logo" → "nvm"; "Logo" → "" (names nothing)."""
    name = _LOGO_WORD.sub("", " ".join(alt.split()))
    return name.strip(" -–—:")


def strip_shortcodes(text: str) -> str:
    """Text without emoji shortcodes; spaces they leave are collapsed by the caller."""
    return SHORTCODE.sub("", text) if ":" in text else text


class _Candidates(HTMLParser):
    """The title candidates of a raw HTML fragment, in document order: ("h1"|"h2", text) for a
    heading with words of its own, ("logo", alt) for a non-badge image outside headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self.heading: str | None = None
        self.words: list[str] = []
        self.heading_logo = ""
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "svg"):
            self.skip += 1
        elif tag in ("h1", "h2") and self.heading is None:
            self.heading, self.words, self.heading_logo = tag, [], ""
        elif tag == "img" and not self.skip:
            values = dict(attrs)
            alt = (values.get("alt") or "").strip()
            if not alt or is_badge(values.get("src")):
                return
            if self.heading is not None:
                self.heading_logo = self.heading_logo or alt
            else:
                self.found.append(("logo", alt))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("script", "style", "template", "svg"):
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "svg"):
            self.skip = max(0, self.skip - 1)
        elif tag == self.heading:
            text = " ".join("".join(self.words).split())
            if text:
                self.found.append((tag, text))
            elif self.heading_logo:
                self.found.append(("logo", self.heading_logo))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if self.heading is not None and not self.skip:
            self.words.append(data)


def title_candidates(fragment: str) -> list[tuple[str, str]]:
    """("h1" | "h2" | "logo", text) found in a raw HTML block, in order."""
    parser = _Candidates()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but never trust outside input
        return []
    return parser.found


def choose_title(candidates: list[tuple[str, str]]) -> str | None:
    """The opening run's `<h1>`, else the first logo name or `<h2>`, else None."""
    for kind, text in candidates:
        if kind == "h1":
            return strip_shortcodes(text).strip() or None
    for kind, text in candidates:
        name = logo_name(text) if kind == "logo" else strip_shortcodes(text).strip()
        if name:
            return name
    return None
