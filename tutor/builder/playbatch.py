"""Play on a recorded run, a batch of frames at a time (tutor.ui.player plays them).

While the builder plays its recorded run, a fragment rerun no longer draws one frame: it
sends the next BATCH_FRAMES kept epochs' frames (every FRAME_STRIDE-th kept epoch, so a run
plays in about PLAY_SECONDS at one frame every FRAME_SECONDS) as one payload, and the
browser shows them one after another while the server waits for the next request. The
frames are the shared ones (tutor.builder.playframes: made once per server); a batch only
puts them side by side:

    {"seq": n, "ms": FRAME_SECONDS·1000, "last": bool,
     "curves": <the loss curves, once: only their marker moves>,
     "frames": [{"at": epoch, "marker": epoch, "counter": <the counter as HTML>,
                 "network": <picture>, "plane": <output plot, or null>}, …]}

where each chart is a tutor.ui.frames.Drawn payload ({"config", "words", "scale",
"figure"}), written in as it is (no second JSON encoding). Bounded: at most BATCH_FRAMES
frames; about 66 kB a frame for the default 2-8-8-2 network (its picture 38 kB, its output
plot 26 kB) and the curves once (32 kB): ≈ 0.56 MB a batch, 1 s of Play.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Sequence

from tutor.builder.playframes import RecordedFrame
from tutor.ui.player import AHEAD

FRAME_SECONDS = 0.125  # the browser shows a frame this often (8 frames a second)
PLAY_SECONDS = 12.0  # about how long Play takes over a whole run
BATCH_FRAMES = 8  # frames a fragment rerun sends: one second of Play
# The epochs a browser may say it shows: every frame it can hold (tutor.ui.player.AHEAD
# batches past the one it shows), one batch more, and the one it showed before them.
SENT_KEPT = (AHEAD + 2) * BATCH_FRAMES + 1
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
    """One batch as UTF-8 JSON bytes (the module's layout): batch ``seq``, the frames of
    ``epochs`` (their counters' Markdown in ``counters``), ``last`` when it ends the run.
    The curves come from the first frame (the frames differ only in their marker)."""
    assert frames and len(frames) == len(epochs) == len(counters) <= BATCH_FRAMES
    parts = []
    for epoch, frame, counter in zip(epochs, frames, counters, strict=True):
        plane = b"null" if frame.plane is None else frame.plane.payload
        head = (f'{{"at":{int(epoch)},"marker":{int(epoch)},'
                f'"counter":{json.dumps(counter_html(counter))},"network":').encode()
        parts.append(head + frame.network.payload + b',"plane":' + plane + b"}")
    head = (f'{{"seq":{int(seq)},"ms":{round(FRAME_SECONDS * 1000)},'
            f'"last":{"true" if last else "false"},"curves":').encode()
    return head + frames[0].curves.payload + b',"frames":[' + b",".join(parts) + b"]}"

