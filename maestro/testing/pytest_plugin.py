"""pytest fixtures for the Maestro emulator (in progress on its own branch)."""
