"""Frozen entry point: the same command line as the installed `counterdesk`."""

from counterdesk.cli import main

raise SystemExit(main())
