"""Run the ``paramfit`` command: ``python -m paramfit``."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
