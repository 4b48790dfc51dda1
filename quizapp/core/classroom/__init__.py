"""The classroom: the drill state machine, scoring presets, the drill store, exports."""
