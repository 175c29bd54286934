"""Result files (artifacts): ``/api/v2/artifact`` (wire reference §4.3)."""

from __future__ import annotations

from maestro._endpoint import Resource, TransportT

__all__ = ["ResultFiles"]


class ResultFiles(Resource[TransportT]):
    """Files a task produced: list, upload, download, delete."""

    _resource_name = "result_files"
