"""The ``nncourse`` console script: the instructor tool, when the course repository is installed."""

import sys


def main() -> int:
    """Run ``nncourse.cli`` when present; otherwise explain how to get it."""
    try:
        from nncourse.cli import main as instructor_main
    except ModuleNotFoundError:
        print("nncourse is the instructor tool: it needs the course repository "
              "(git clone ..., then `pip install -e .` or `make demo` in it).", file=sys.stderr)
        return 2
    return instructor_main()


if __name__ == "__main__":
    sys.exit(main())
