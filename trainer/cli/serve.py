"""CLI commands (filled in by the serve work)."""

commands = []
