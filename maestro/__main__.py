"""``python -m maestro demo``: see ``maestro/_demo.py``."""

from maestro._demo import main

raise SystemExit(main())
