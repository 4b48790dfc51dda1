"""The Textual app: a thin layer that displays the core and dispatches to it."""
