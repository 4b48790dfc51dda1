"""The domain core: decks, scheduling, the progress store, practice and drills. No Textual here."""
