"""``python -m support_policy.cli``: the same as the ``support-policy`` command."""

import sys

from support_policy.cli import main

if __name__ == "__main__":
    sys.exit(main())
