"""``maestro`` under the 1.x client's import name: ``from maestro_client import MaestroClient``.

Every public name of :mod:`maestro` is here, the same objects (``maestro_client.MaestroClient
is maestro.MaestroClient``), so code written for the earlier client keeps importing. New code
imports :mod:`maestro`.
"""

from maestro import *  # noqa: F403
from maestro import __all__ as __all__
