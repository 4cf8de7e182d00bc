"""Streamlit-side helpers of Backprop Tutor, one package per feature (README: "How the code is
laid out"): stepping, modes, lesson, builder, digits, pages, serving, live, ui, figures; the
app-wide session values in session.py and every visible string in i18n.py."""
