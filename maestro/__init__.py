"""Typed Python SDK for the BotCity Maestro (Orchestrator) REST API v2."""

from maestro._version import __version__

__all__ = ["__version__"]
