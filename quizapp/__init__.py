"""quizapp: study in the terminal with YAML decks, quizzes, drills and FSRS scheduling."""

__version__ = "0.1.0"
