"""The concept check in the live classroom, without Streamlit: the checks and their grades
made once per server, a student's picks as the text an answer travels as, the class's
results per question and as CSV.

A teacher opens the check (bpcore.concept.concept_check) before the lesson ("pre") and after
it ("post", the next seed: the same questions, other numbers) as the room's question
(tutor.live.room.ask_check). A student's picks travel as one answer's text, a character per
question — the choice's index, or "-" when unanswered ("30-1…") — stored like any answer
(tutor.live.store), so every store keeps them. Each distinct (seed, text) is graded once per
server (bpcore.concept.grade); the class is tallied per question (bpcore.concept.tally) and
its normalised gain g = (post − pre) / (1 − pre) is bpcore.concept.class_gain's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from bpcore import fmt, fmt_full
from bpcore.concept import Graded, Question, Tally, class_gain, concept_check, grade, mean_score
from bpcore.concept import tally as tally_of
from tutor.i18n import t
from tutor.live.answers import answers_csv
from tutor.serving.kept import Progress, SharedCache
from tutor.ui import notation

PHASE_NAMES: Final = MappingProxyType({"pre": "live.check.phase.pre",
                                       "post": "live.check.phase.post"})
UNANSWERED: Final = "-"  # a question left without a pick, in an answer's text
PICKS: Final = "0123456789"  # a pick's index as one character (a question has ≤ 4 choices)
# A slip (bpcore.mistakes' keys, and bpcore.concept's own wrong choices) by its short name.
SLIP_NAMES: Final = MappingProxyType({
    "sign_target_out": "live.short.sign_target_out",
    "net_for_out": "live.short.net_for_out",
    "out_for_net": "live.short.out_for_net",
    "sigma_for_slope": "live.short.sigma_for_slope",
    "no_sigmoid": "live.short.no_sigmoid",
    "updated_weight": "live.short.updated_weight",
    "one_path": "live.short.one_path",
    "added_step": "live.short.added_step",
    "no_eta": "live.short.no_eta",
    "averaged_twice": "live.short.averaged_twice",
    "double_slope": "live.short.double_slope",
    "no_half": "live.short.no_half",
    "no_bias": "live.short.no_bias",
    "no_slope": "live.short.no_slope",
    "weight_for_source": "live.short.weight_for_source",
    "wrong_path": "live.short.wrong_path",
    "sign_flipped": "live.short.sign_flipped",
    "doubled": "live.short.doubled",
    "halved": "live.short.halved",
    "shifted": "live.short.shifted",
    "eta_unchanged": "live.short.eta_unchanged",
    "eta_halved": "live.short.eta_halved",
    "summed": "live.short.summed",
    "one_example": "live.short.one_example",
})


def _check_of(seed: int, _progress: Progress) -> tuple[Question, ...]:
    return concept_check(seed)


# Two checks per class (pre, post), drawn for every student's rerun: ~0.15 s each, made once.
CHECKS: SharedCache[int, tuple[Question, ...]] = SharedCache(
    "live_checks", _check_of, max_entries=64, ttl_seconds=4 * 3600.0)


def check_of(seed: int) -> tuple[Question, ...]:
    """concept_check(seed), made once per server (the tuple and its questions are frozen)."""
    return CHECKS.get(seed)


def picks_text(picks: Sequence[int | None]) -> str:
    """A student's picks as an answer's text: each pick's index, "-" for none: "30-1…"."""
    return "".join(UNANSWERED if p is None else PICKS[p] for p in picks)


def read_picks(text: str, check: Sequence[Question]) -> tuple[int | None, ...] | None:
    """The picks an answer's text holds, or None when it is not a set of picks for
    ``check`` (its length checked first: one character per question, each a choice's index
    or "-")."""
    if len(text) != len(check):
        return None
    picks: list[int | None] = []
    for ch, question in zip(text, check, strict=True):
        if ch == UNANSWERED:
            picks.append(None)
        elif ch in PICKS and int(ch) < len(question.choices):
            picks.append(int(ch))
        else:
            return None
    return tuple(picks)


def _grade_of(key: tuple[int, str], _progress: Progress) -> Graded | None:
    seed, text = key
    check = check_of(seed)
    picks = read_picks(text, check)
    return None if picks is None else grade(check, picks)


# One grade per (seed, answer text) for the server: a class picking alike costs one grade,
# the teacher's tally every 1.5 s a lookup. Graded is frozen, the texts bounded (64 chars).
GRADES: SharedCache[tuple[int, str], Graded | None] = SharedCache(
    "live_check_grades", _grade_of, max_entries=4096, ttl_seconds=4 * 3600.0)


def graded_once(seed: int, text: str) -> Graded | None:
    """The student's answer text to the check ``seed``, graded (None: not picks for it)."""
    return GRADES.get((seed, text))


@dataclass(frozen=True)
class Results:
    """A class's check: per question the tallies before and after (None: not taken), the
    class's mean scores and its normalised gain (None: not both taken, or no room)."""

    pre: tuple[Tally, ...] | None
    post: tuple[Tally, ...] | None
    pre_mean: float | None
    post_mean: float | None
    gain: float | None


def results(pre: tuple[Sequence[Question], Sequence[Graded]] | None,
            post: tuple[Sequence[Question], Sequence[Graded]] | None) -> Results:
    """The class's results from each test's check and its graded answers."""
    pre_tally = None if pre is None else tally_of(*pre)
    post_tally = None if post is None else tally_of(*post)
    pre_mean = None if pre is None else mean_score(pre[1])
    post_mean = None if post is None else mean_score(post[1])
    scores = ([g.score for g in pre[1]] if pre else [], [g.score for g in post[1]] if post else [])
    return Results(pre_tally, post_tally, pre_mean, post_mean, class_gain(*scores))


def slip_name(key: str, lang: str) -> str:
    """A slip's short name in the reader's language ("σ for σ′")."""
    return t(SLIP_NAMES.get(key, "live.chart.other"), lang)


def question_label(topic: str, step: str, lang: str) -> str:
    """What a question asks, in a few words: "the forward pass: net_h1"."""
    return t("live.check.question", lang, topic=t(f"concept.topic.{topic}", lang),
             name=notation.text(step))


def slips_said(counted: Tally | None, lang: str) -> str:
    """The slips picked, most common first, each with how many: "σ for σ′ (3), …"."""
    if counted is None:
        return ""
    return t("hint.join", lang).join(t("live.check.slip_count", lang, slip=slip_name(k, lang),
                                       n=n) for k, n in counted.slips)


def gain_said(found: Results, lang: str) -> str:
    """The gain as shown: its number at two places, "no room to gain" when every student
    was right before (pre = 1), "–" while a test is missing."""
    if found.gain is not None:
        return fmt(found.gain, 2)
    if found.pre_mean is not None and found.pre_mean >= 1.0 and found.post_mean is not None:
        return t("live.check.no_room", lang)
    return "–"


def _share(x: float | None) -> str:
    return "" if x is None else fmt_full(x)


def results_csv(found: Results, lang: str) -> str:
    """The class's results as CSV in the reader's language: a row per question (its number,
    what it asks, the share right before and after, the most common slip before and after),
    then the class's mean scores and its gain; every cell safe for a spreadsheet."""
    header = (t("live.check.col.number", lang), t("live.check.col.question", lang),
              t("live.check.col.pre", lang), t("live.check.col.post", lang),
              t("live.check.col.slip_pre", lang), t("live.check.col.slip_post", lang))
    asked = found.pre or found.post or ()
    rows: list[tuple[str, ...]] = []
    for k, q in enumerate(asked):
        before = found.pre[k] if found.pre else None
        after = found.post[k] if found.post else None
        rows.append((str(k + 1), question_label(q.topic, q.step, lang),
                     _share(before.share_right if before else None),
                     _share(after.share_right if after else None),
                     *(slip_name(x.most_common, lang) if x and x.most_common else ""
                       for x in (before, after))))
    rows.append(("", t("live.check.row.class", lang), _share(found.pre_mean),
                 _share(found.post_mean), "", ""))
    said = gain_said(found, lang)
    gain = fmt_full(found.gain) if found.gain is not None else "" if said == "–" else said
    rows.append(("", t("live.check.gain", lang), gain, "", "", ""))
    return answers_csv(header, rows)
