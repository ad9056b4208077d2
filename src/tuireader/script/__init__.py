"""Chinese scripts: folding Traditional/Simplified characters for matching (`fold`) and
converting text for display (`convert`, which loads OpenCC lazily).

Why a package of its own, below library and reading: the index, the search, the find bar
and the layout all need the same folding and the same offset maps, and none of them should
know OpenCC. It imports only the standard library and opencc (never Textual, never store).
"""
