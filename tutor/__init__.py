"""Backprop Tutor's Streamlit layer, between the pages (app_pages/) and the engine (bpcore/).

Everything a page needs that is not arithmetic: the session state and its defaults, the
translations (English and 简体中文) and the refusals put into words, the figures, the stepping
controls and the modes built on them (practice, prediction, hints), the network builder's and
the digits page's state and views, lesson links, exports and notebooks, the shared caches
and worker pool that serve many learners, and the live classroom. NumPy arithmetic stays in
bpcore; pages stay thin.
"""
