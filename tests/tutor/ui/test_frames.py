"""A frame drawn in place (tutor.ui.frames) looks as the same chart drawn by st.plotly_chart."""

import json

from tutor.ui.frames import as_streamlit_titles, prepared


def test_a_frame_s_title_is_bold_as_streamlit_draws_a_still_chart_s_and_the_figure_kept():
    spec = {"data": [], "layout": {"title": {"text": "Output", "font": {"size": 19}}}}
    drawn = json.loads(prepared(spec, 3, "en").payload)["figure"]["layout"]["title"]
    assert drawn == {"text": "<b>Output</b>", "font": {"size": 19}}
    assert spec["layout"]["title"]["text"] == "Output"  # the figure given is not changed
    assert as_streamlit_titles({"layout": {"title": "x"}})["layout"]["title"] == {
        "text": "<b>x</b>"}
    untitled = {"data": [], "layout": {"height": 300}}
    assert as_streamlit_titles(untitled) is untitled


def test_a_frame_s_words_are_the_figure_s_not_its_markup():
    spec = {"data": [], "layout": {"title": {"text": "Loss"}}}
    assert "<b>" not in prepared(spec, 3, "en").words
