"""CLI commands (filled in by the scenarios work)."""

commands = []
