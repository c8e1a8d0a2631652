"""CLI commands (filled in by the admin work)."""

commands = []
