"""The concept check on the update page under AppTest: a learner picks, submits, and gets the
score and the topics to revisit, in both languages; a new check changes the numbers only."""

import pytest

from bpcore.concept import concept_check
from tests.app.apptest import open_page
from tutor.i18n import LANGUAGES, t
from tutor.modes import state as modes_state


def opened(at):
    """The check's expander opened (its state under its key), as a click on it does."""
    at.session_state[modes_state.CONCEPT_OPEN] = True
    return at.run()


def pick(at, picks):
    opened(at)
    for k, choice in enumerate(picks):
        at.radio(key=modes_state.concept_pick_key(k)).set_value(choice)
    at.run()
    return at.button(key="concept.submit").click().run()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_learner_alone_gets_a_score_and_what_to_revisit(lang):
    at = open_page("update", lang)
    check = concept_check(at.session_state[modes_state.CONCEPT_SEED])
    right = [q.answer for q in check]
    wrong_update = [*right]
    update = next(k for k, q in enumerate(check) if q.topic == "update")
    wrong_update[update] = (right[update] + 1) % len(check[update].choices)
    pick(at, wrong_update)
    assert not at.exception
    [said] = [w.value for w in at.warning]
    assert said == (t("concept.score", lang, right=len(check) - 1, total=len(check)) + " "
                    + t("concept.revisit", lang, topics=t("concept.topic.update", lang)))
    pick(at, right)
    assert [s.value for s in at.success] == [
        t("concept.score", lang, right=len(check), total=len(check)) + " "
        + t("concept.all_right", lang)]


def test_a_new_check_asks_the_same_questions_with_other_numbers():
    at = opened(open_page("update"))
    first = at.session_state[modes_state.CONCEPT_SEED]
    label = at.radio(key=modes_state.concept_pick_key(0)).label
    at.button(key="concept.new").click().run()
    second = at.session_state[modes_state.CONCEPT_SEED]
    assert second != first and at.radio(key=modes_state.concept_pick_key(0)).label == label
    assert [q.step for q in concept_check(first)] == [q.step for q in concept_check(second)]
    assert at.radio(key=modes_state.concept_pick_key(0)).value is None  # picks cleared


def test_the_closed_check_draws_no_choices_and_keeps_the_picks_made():
    at = open_page("update")
    assert all(not (r.key or "").startswith("concept.pick.") for r in at.radio)  # closed
    opened(at).radio(key=modes_state.concept_pick_key(0)).set_value(1).run()
    at.session_state[modes_state.CONCEPT_OPEN] = False
    at.button(key="step.update.next").click().run()  # closed, and the page moved on
    assert all(not (r.key or "").startswith("concept.pick.") for r in at.radio)
    assert opened(at).radio(key=modes_state.concept_pick_key(0)).value == 1


def test_every_topic_has_words_in_both_languages():
    from bpcore.concept import TOPICS
    from tutor.i18n import STRINGS

    for topic in TOPICS:
        assert all(STRINGS[f"concept.topic.{topic}"].get(lang) for lang in LANGUAGES)
