"""Live classroom: a teacher's room that a class follows on its own screens and answers in.

model.py holds the records and limits, store.py the one interface every store implements
(SQLite by default, Redis when BPTUTOR_REDIS_URL is set), room.py the rules (codes, secrets,
limits, expiry) on top of a store, state.py the session keys of a teacher and a student, ui.py
and answers.py what they see.
"""
