"""Spaced repetition: FSRS scheduling, the progress store, today's queue, study sessions and
statistics."""
