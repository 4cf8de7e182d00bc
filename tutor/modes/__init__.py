"""Learning by doing: practice, predict-then-see, the faded worked example, their hints,
and the bug hunts; the one learning mode on at a time."""
