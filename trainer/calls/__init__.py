"""QA call scoring: real call recordings and transcripts scored by the same engine (no Flask).

The public API (what the `call` job kind, `trainer qa score` and the QA pages use):

- `score_call(path_or_bytes, CallOptions(...), name=, progress=)` -> the call scorecard dict;
- `swap_speakers(card)` -> the scorecard re-scored with agent and customer exchanged;
- `read_transcript(bytes, name, Metadata)` -> a CallTranscript (previews, the score-a-line page);
- `CallInputError` (code, message): every per-file refusal; `CODES` lists the codes.
"""

from .errors import CODES, CallInputError
from .formats import read_transcript
from .pipeline import CallOptions, score_call, swap_speakers
from .transcript import CallTranscript, Metadata, Turn, Word, parse_metadata

__all__ = ["CODES", "CallInputError", "CallOptions", "CallTranscript", "Metadata", "Turn", "Word",
           "parse_metadata", "read_transcript", "score_call", "swap_speakers"]
