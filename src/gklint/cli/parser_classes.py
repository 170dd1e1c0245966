"""argparse in the run's language: the parser and help formatter the command line builds
(``gklint.cli.main._parser``). A module of their own, imported only when a parser is built:
a plain ``gklint check`` command line is read without argparse (``gklint.cli.plain_check``)."""

from __future__ import annotations

import argparse
import sys

from gklint.cli.errors import EXIT_ERROR
from gklint.cli.texts import language, say


class Parser(argparse.ArgumentParser):
    """argparse in the run's language: its errors as ``gklint check：错误：…`` after the usage."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(say("argument_error", prog=self.prog, message=message), file=sys.stderr)
        raise SystemExit(EXIT_ERROR)


class Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's help, with two corrections: a heading ends in the run's colon (argparse
    writes an ASCII one itself), and the commands are listed without the line naming the
    command argument (its metavar) above them."""

    def start_section(self, heading) -> None:
        self._headings = [*getattr(self, "_headings", []), heading]
        super().start_section(heading)

    def _format_action(self, action) -> str:
        if isinstance(action, argparse._SubParsersAction):
            return self._join_parts([super(Formatter, self)._format_action(command) for command in action._get_subactions()])
        return super()._format_action(action)

    def format_help(self) -> str:
        text = super().format_help()
        if language() == "en":
            return text
        for heading in getattr(self, "_headings", []):
            text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
        return text
