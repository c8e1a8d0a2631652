"""Words with speakers into turns: one speaker's words in a row, split at long pauses."""

from __future__ import annotations

from .transcript import Turn, Word

MAX_PAUSE_S = 2.0  # a speaker silent this long, with nobody else talking, starts a new turn


def build_turns(labelled: list[tuple[str, Word]], max_pause_s: float = MAX_PAUSE_S) -> list[Turn]:
    """Turns from (speaker, word) pairs: ordered by time, merged while the speaker holds on."""
    turns: list[Turn] = []
    for speaker, word in sorted(labelled, key=lambda pair: (pair[1].start, pair[1].end)):
        last = turns[-1] if turns else None
        if last is not None and last.speaker == speaker and word.start - last.end <= max_pause_s:
            last.words.append(word)
            last.end = max(last.end, word.end)
            continue
        turns.append(Turn(speaker, "", word.start, word.end, [word]))
    for turn in turns:
        turn.text = join_words(turn.words)
    return [t for t in turns if t.text]


def join_words(words: list[Word]) -> str:
    """The text of words as Whisper gives them (each carries its leading space)."""
    return " ".join(w.text.strip() for w in words if w.text.strip())


def label_words(words: list[Word], segments) -> list[tuple[str, Word]]:
    """Give each word the speaker of the diarization segment it overlaps most (else nearest)."""
    out = []
    for word in words:
        best, best_overlap, best_distance = None, 0.0, float("inf")
        for seg in segments:
            overlap = min(word.end, seg.end) - max(word.start, seg.start)
            distance = max(seg.start - word.end, word.start - seg.end, 0.0)
            if overlap > best_overlap or (best_overlap == 0.0 and distance < best_distance):
                best, best_overlap, best_distance = seg.speaker, max(overlap, 0.0), distance
        if best is not None:
            out.append((best, word))
    return out
