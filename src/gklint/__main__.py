import sys

from gklint.cli.main import main

sys.exit(main())
