"""Backprop Tutor served with its lecture hall's route: ``streamlit run serve.py``.

The app is app.py, as ``streamlit run app.py`` serves it; this adds one route beside it on
the same server (Streamlit's ``st.App``, which takes Starlette routes): ``/live/step``, the
long poll through which a follower's stepping page shows the teacher's next step without a
run of its page (tutor.live.hall). Under ``streamlit run app.py`` followers are shown each
move by a run of their page, as before.

Before the server answers its first request, the app's and its pages' modules are imported
and the worker pool started (tutor.serving.warm): the first learner does not pay for them.
"""

from pathlib import Path

import streamlit as st

from tutor.live import hall
from tutor.serving import warm

HERE = Path(__file__).resolve().parent

hall.enable()
warm.warm([HERE / "app.py", *sorted((HERE / "app_pages").glob("*.py"))])
app = st.App("app.py", routes=hall.routes())
