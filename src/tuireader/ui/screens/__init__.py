"""Screens: library, reader, help, search, bookmarks."""
