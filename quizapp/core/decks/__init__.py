"""Decks: the model, the YAML loader, finding deck files, and the parsed-deck cache."""
