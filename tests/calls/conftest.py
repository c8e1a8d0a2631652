"""Call fixtures (scripts/make_call_audio.sh): the committed files and their reference."""

import pytest
from call_helpers import CALLS, TIMELINE


@pytest.fixture
def calls_dir():
    """The committed call fixtures."""
    return CALLS


@pytest.fixture
def timeline():
    """The reference of the fixture call: its lines with speaker, text, start and end."""
    return TIMELINE
