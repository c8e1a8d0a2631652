"""How scorecards are shown on every role's pages: Jinja filters, globals and highlighting."""

from .helpers import init_app

__all__ = ["init_app"]
