import sys

from gklint.cli.main import command_line

sys.exit(command_line())
