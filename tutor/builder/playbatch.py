"""Play on a recorded run, a batch of frames at a time (tutor.ui.player plays them).

While the builder plays its recorded run, a fragment rerun no longer draws one frame: it
sends the next BATCH_FRAMES kept epochs' frames (every stride-th kept epoch, so a run
plays in about PLAY_SECONDS at one frame every FRAME_SECONDS) as one payload, and the
browser shows them one after another while the server waits for the next request. The
frames are the shared ones (tutor.builder.playframes: made, and compressed, once per
server); a batch only puts them side by side, in bytes:

    MAGIC, then length-prefixed parts (a 4-byte big-endian length each):
    the header, UTF-8 JSON {"seq": n, "ms": FRAME_SECONDS·1000, "last": bool,
                            "frames": [{"at": epoch, "marker": epoch,
                                        "counter": <the counter as HTML>}, …]},
    the loss curves, zlib-compressed (once a batch: only their marker moves),
    then each frame's {"network": <picture>, "plane": <output plot, or null>}
    (and "curves": <the loss curves> for the own network's frames, whose curve grows),
    zlib-compressed, in the header's order,

where each chart is a tutor.ui.frames.Drawn payload ({"config", "words", "scale",
"figure"}). Compressed once per frame in the server's cache, a batch costs every session
about a quarter of the bytes to hash and send (the browser inflates them with its own
DecompressionStream). Bounded: at most BATCH_FRAMES frames; about 17 kB a frame for the
default 2-8-8-2 network (66 kB uncompressed) and the curves once (10 kB): ≈ 0.15 MB a
batch, one second of Play.
"""

from __future__ import annotations

import html
import json
import math
import re
import zlib
from collections.abc import Sequence
from typing import Any

from tutor.builder.playframes import RecordedFrame
from tutor.ui.player import AHEAD

FRAME_SECONDS = 0.125  # the browser shows a frame this often (8 frames a second)
PLAY_SECONDS = 12.0  # about how long Play takes over a whole run
BATCH_FRAMES = 8  # frames a fragment rerun sends: one second of Play
# The epochs a browser may say it shows: every frame it can hold (tutor.ui.player.AHEAD
# batches past the one it shows), one batch more, and the one it showed before them.
SENT_KEPT = (AHEAD + 2) * BATCH_FRAMES + 1
MAGIC = b"BPB1"  # a batch's first bytes (tutor.ui.player checks them)
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def stride(kept: int) -> int:
    """Kept epochs from one frame to the next: a run of ``kept`` kept epochs plays in about
    PLAY_SECONDS at a frame every FRAME_SECONDS (at least one)."""
    return max(1, math.ceil(kept * FRAME_SECONDS / PLAY_SECONDS))


def next_epochs(kept: Sequence[int], after: int) -> list[int]:
    """The epochs of the batch after the kept epoch ``after``: every stride-th kept epoch on
    from it, BATCH_FRAMES at most, the run's last epoch always the last frame shown."""
    at = kept.index(after)
    step = stride(len(kept))
    picks = list(range(at + step, len(kept), step))[:BATCH_FRAMES]
    if len(picks) < BATCH_FRAMES and (not picks or picks[-1] != len(kept) - 1) \
            and at != len(kept) - 1:
        picks.append(len(kept) - 1)
    return [kept[i] for i in picks]


def counter_html(markdown: str) -> str:
    """The epoch counter's Markdown (only **bold** in it) as HTML, every text escaped."""
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(markdown, quote=True))


def batch_payload(seq: int, epochs: Sequence[int], frames: Sequence[RecordedFrame],
                  counters: Sequence[str], last: bool) -> bytes:
    """One batch in bytes (the module's layout): batch ``seq``, the frames of ``epochs``
    (their counters' Markdown in ``counters``), ``last`` when it ends the run. The curves
    come from the first frame (the frames differ only in their marker)."""
    assert frames and len(frames) == len(epochs) == len(counters) <= BATCH_FRAMES
    header = json.dumps({
        "seq": int(seq), "ms": round(FRAME_SECONDS * 1000), "last": bool(last),
        "frames": [{"at": int(e), "marker": int(e), "counter": counter_html(c)}
                   for e, c in zip(epochs, counters, strict=True)]},
        ensure_ascii=False, separators=(",", ":")).encode()
    parts = [header, frames[0].packed_curves, *(frame.packed for frame in frames)]
    return MAGIC + b"".join(len(part).to_bytes(4, "big") + part for part in parts)


def unpacked(payload: bytes) -> dict[str, Any]:
    """A batch read back as one dict (the header, "curves", and each frame's "network" and
    "plane"), as the browser reads it: for tests and tools, never on a learner's path."""
    assert payload[:len(MAGIC)] == MAGIC
    parts, at = [], len(MAGIC)
    while at < len(payload):
        size = int.from_bytes(payload[at:at + 4], "big")
        parts.append(payload[at + 4:at + 4 + size])
        at += 4 + size
    batch: dict[str, Any] = json.loads(parts[0])
    batch["curves"] = json.loads(zlib.decompress(parts[1]))
    for frame, part in zip(batch["frames"], parts[2:], strict=True):
        frame.update(json.loads(zlib.decompress(part)))
    return batch
