"""The session keys of a typed number field (tutor.ui.fields): its refusal, what was typed,
its text box and the default its number started from; and the last value each choice widget
was drawn with (tutor.ui.choices)."""

from __future__ import annotations

from typing import Final

# Every typed number field's refusal, by the field's text-box key (tutor.ui.fields): kept until the
# field is corrected; Reset, a new exercise and a lesson link clear them all.
FIELD_ERRORS: Final = "field_errors"
# What the learner typed into a field, by text-box key, while it is the value in use (it is
# shown as typed; any other value shows in the app's number style).
FIELD_TYPED: Final = "field_typed"
# The last value each keyed choice widget was drawn with, by widget key (tutor.ui.choices): what
# a label that names no option is replaced by.
CHOICES_SHOWN: Final = "choices_shown"


def field_text_key(canonical_key: str) -> str:
    """The text box that edits the number kept under ``canonical_key`` (tutor.ui.fields)."""
    return f"{canonical_key}.text"


def field_default_key(canonical_key: str) -> str:
    """The default the number under ``canonical_key`` started from (a new default replaces it)."""
    return f"{canonical_key}.default"
