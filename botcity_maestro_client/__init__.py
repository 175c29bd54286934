"""``maestro`` under the distribution's name: ``from botcity_maestro_client import MaestroClient``.

Every public name of :mod:`maestro` is here, the same objects (``botcity_maestro_client.
MaestroClientError is maestro.MaestroClientError``), so code written for the earlier client
keeps importing. New code imports :mod:`maestro`.
"""

from maestro import *  # noqa: F403
from maestro import __all__ as __all__
