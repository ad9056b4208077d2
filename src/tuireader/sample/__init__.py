"""The sample library shipped with tuireader (package data): `tuireader` with no PATH and
no `library` in config.toml opens it. Original texts written for the project."""
