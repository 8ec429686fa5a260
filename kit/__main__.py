"""``python -m kit`` runs the command line."""

from kit.cli import main

raise SystemExit(main())
