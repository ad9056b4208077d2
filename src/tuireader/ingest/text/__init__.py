"""The text reader. Plain text → `Article`: the title, metadata, clean paragraphs and outline of a .txt file.

The pipeline reads like a person skimming a page, top to bottom:

1. cut the Project Gutenberg licence header/footer (keeping Title/Author as metadata);
2. strip pinyin readings glued after characters when the document shows that habit;
3. clean each line (tag residue, entities) and skim the *head* (spam, breadcrumb, share
   widgets, title, the "時間:…|來源:…" line, byline) and the *tail* (disclaimer, editors,
   reviewers, 上一篇/下一篇) into metadata;
4. rebuild paragraphs: join hard-wrapped lines (CJK without a space) when the text is
   wrapped at a fixed width, otherwise one line is one paragraph;
5. find headings and run-in heads (`outline`), drop tables of contents, infer levels and
   repair lost numbering.

One module per pass: `gutenberg` (1), `head` and `tail` (3), `paragraphs` (4), `headings`
and `build` (5); `lines` holds what they share; `reader.parse_text` runs them in order.
"""

from tuireader.ingest.text.reader import parse_text

__all__ = ["parse_text"]
