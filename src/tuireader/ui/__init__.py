"""Everything Textual lives here (the model never imports it)."""
