"""``python -m maestro._check``: the check's own command line (see :func:`maestro._check.main`)."""

import sys

from maestro._check._main import main

sys.exit(main())
