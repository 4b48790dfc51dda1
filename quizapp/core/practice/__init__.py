"""Practice: questions and distractors, grading, quiz sessions, printable quizzes."""
