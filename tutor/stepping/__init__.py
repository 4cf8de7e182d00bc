"""Stepping through the worked 2-2-2 example: the scenario in use and where the learner is,
the steppers and Play, the step view and the sidebar's scenario editor."""
