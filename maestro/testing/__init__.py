"""The Maestro emulator (in progress on its own branch)."""
