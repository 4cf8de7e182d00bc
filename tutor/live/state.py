"""The live classroom's session keys: the teacher's room and a student following it
(tutor/live/ui.py)."""

from __future__ import annotations

from typing import Final

# --- live classroom: the teacher's room and a student following it (tutor/live/ui.py) --------
JOIN_PARAM: Final = "join"  # ?join=CODE: the link a student opens
ME_PARAM: Final = "me"  # ?me=ID: a joined student's id, so a reload is the same student
LIVE_TEACHER: Final = "live.teacher"  # tutor.live.room.Teacher: only the teacher's session
LIVE_ROOMS_MADE: Final = "live.rooms_made"  # int: rooms this session started (a limit)
LIVE_SHOWN: Final = "live.shown"  # (page, lesson) the teacher last pushed to the room
LIVE_ASK_KIND: Final = "live.ask_kind"  # radio: "practice" | "predict"
LIVE_JOIN_SCREEN: Final = "live.join_screen"  # bool: the join screen in the page's place
LIVE_DISMISSED: Final = "live.dismissed"  # id of the revealed question set aside here
LIVE_REFUSAL: Final = "live.refusal"  # CodedError | None: the last refused live action
LIVE_STUDENT: Final = "live.student"  # this browser session's random student id
LIVE_CODE: Final = "live.code"  # the code of the room this session joined
LIVE_FOLLOWING: Final = "live.following"  # bool: following (else exploring on its own)
LIVE_SEEN: Final = "live.seen"  # int | None: the room version this session last read
LIVE_VIEW: Final = "live.view"  # (page, lesson) of the teacher's last applied here
# tutor.lesson.codec.Lesson: a pushed follower's page as last drawn (tutor.live.ui.pushed_part)
LIVE_DRAWN: Final = "live.drawn"
LIVE_AWAITED: Final = "live.awaited"  # int | None: the moved version a pushed check waits for
LIVE_ENDED: Final = "live.ended"  # "closed" | "gone" | None: the joined room is over
LIVE_JOIN_TRIED: Final = "live.join_tried"  # the ?join= code already tried this session
LIVE_JOIN_WIDGET: Final = "live.join_widget"  # the typed class code
LIVE_NICKNAME: Final = "live.nickname"  # the optional nickname (text box)
LIVE_SENT: Final = "live.sent"  # question id → the answer text this session sent
LIVE_QUESTION: Final = "live.question"  # Question | None: the room's, as this session last read
LIVE_CALLER: Final = "live.caller"  # this session's random id for the rate limits (Caller)
LIVE_BEAT: Final = "live.beat"  # float: when this student last told the room it is there
LIVE_MOVED: Final = "live.moved"  # float: when the followed teacher last moved (Room.moved)
LIVE_KEY_HIDDEN: Final = "live.key_hidden"  # bool: the teacher put the key away (shown once)
LIVE_RESUME_CODE: Final = "live.resume_code"  # the code typed to resume a class
LIVE_RESUME_KEY: Final = "live.resume_key"  # the teacher key typed to resume it
LIVE_RESUMED_PAGE: Final = "live.resumed_page"  # the class's page, for a resumed teacher to go
LIVE_GRADES: Final = "live.grades"  # (basis, {(question, student, text): Graded}): graded once
# The concept check before and after a lesson (tutor/live/check_ui.py): the teacher's runs,
# a copy of the room's (Room.checks, read back when a teacher resumes the class)
LIVE_CHECK_RUNS: Final = "live.check_runs"  # {"pre"|"post": (question id, seed)}: checks opened
LIVE_CHECK_SCREEN: Final = "live.check_screen"  # bool: the check's results in the page's place


def live_answer_key(question_id: str, part: str) -> str:
    """An answer widget of one live question: part number, sign or size."""
    return f"live.answer.{question_id}.{part}"


def live_check_pick_key(question_id: str, index: int) -> str:
    """A student's pick for question ``index`` of the live concept check ``question_id``."""
    return f"live.check.{question_id}.{index}"
