"""Streamlit pieces every feature draws with: typed number fields, the page frame, figures,
formulas, progress displays, refusals said in the learner's language, the notation."""
