"""``python -m support_policy.cli``: the same as the ``support-policy`` command."""

import sys

from support_policy.cli import main

sys.exit(main())
