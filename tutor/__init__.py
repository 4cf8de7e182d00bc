"""Streamlit-side helpers for Backprop Tutor: translations and session-state keys."""
