"""Tell damaged audio from files that were never audio, by their first bytes."""

AUDIO_MAGIC = (
    (0, b"RIFF"), (0, b"RIFX"), (0, b"RF64"), (0, b"OggS"), (0, b"fLaC"), (0, b"ID3"),
    (0, b"\x1aE\xdf\xa3"),  # EBML: webm / matroska
    (4, b"ftyp"),  # mp4 / m4a / 3gp
    (0, b"FORM"), (0, b"#!AMR"), (0, b"caff"), (0, b".snd"), (0, b"wvpk"), (0, b"MAC "),
)
OTHER_MAGIC = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"BM",
    b"\x1f\x8b", b"7z\xbc\xaf", b"MZ",
)


STREAMING_SIZE = 0x7FFF0000


def looks_like_audio(head: bytes) -> bool | None:
    """True: an audio container signature; False: text or a known non-audio format; None: unsure."""
    for offset, magic in AUDIO_MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return True
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return True  # an MPEG audio / ADTS frame sync
    if any(head.startswith(magic) for magic in OTHER_MAGIC):
        return False
    return False if _is_text(head) else None


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character cut at the 64-byte boundary is still text
        try:
            text = head[:-3].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable >= 0.95 * len(text)


def wav_shortfall(head: bytes, file_size: int) -> tuple[float, float] | None:
    """RIFF/WAVE whose data chunk is cut short: (declared seconds, present seconds); else None."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, byte_rate = 12, 0
    while pos + 8 <= len(head):
        kind, size = head[pos:pos + 4], int.from_bytes(head[pos + 4:pos + 8], "little")
        if kind == b"fmt " and pos + 20 <= len(head):
            byte_rate = int.from_bytes(head[pos + 16:pos + 20], "little")
        if kind == b"data":
            # streaming writers (espeak-ng --stdout, sox -) leave 0 or a huge placeholder
            if not byte_rate or size == 0 or size >= STREAMING_SIZE:
                return None
            present = max(file_size - (pos + 8), 0)
            return (size / byte_rate, present / byte_rate) if present < size else None
        pos += 8 + size + (size & 1)
    return None


def wav_streamed(head: bytes) -> bool:
    """A WAV written to a pipe: its sizes are placeholders, so its header duration is bogus."""
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return False
    size = int.from_bytes(head[4:8], "little")
    return size == 0 or size >= STREAMING_SIZE
