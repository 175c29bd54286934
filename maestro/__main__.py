"""``python -m maestro``: the ``maestro`` command line (see ``maestro/_cli``)."""

from maestro._cli import main

raise SystemExit(main())
