"""CLI commands (filled in by the speech work)."""

commands = []
