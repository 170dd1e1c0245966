import sys

from gklint.cli import main

sys.exit(main())
