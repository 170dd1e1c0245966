"""``gklint check``'s options read without argparse, when the command line is plain.

pre-commit and editors start ``gklint check FILE …`` once per commit or save. Importing
argparse and building the check command's parser was about a seventh of such a start
(``gklint check one.txt`` in benchmarks/run.py, counted in instructions). A command line
that is only exact option names, each value in the word after its option (or after ``=``),
and one run of paths reads to the same options here; anything else — help, an abbreviated
or unknown option, a value that argparse would refuse or read otherwise, ``--`` — returns
None, and argparse reads it (and words its help and errors) as always. The options are those
of ``gklint.cli.check_options``, from which the argparse parser is built too;
``tests/test_fast_paths.py`` checks the two readings against each other, option by option and
on many command lines.
"""

from __future__ import annotations

from types import SimpleNamespace

from gklint.cli.check_options import CHECK_OPTIONS, NUMBER_OPTION

# The table of ``gklint.cli.check_options`` by option name: the switches (argparse's
# ``store_true``) and the options that take a value, with their dest; the values some of them
# accept (argparse's ``choices``: a value outside is argparse's error); their defaults.
FLAGS = {name: dest for names, dest, metavar, _, _ in CHECK_OPTIONS if metavar is None for name in names}
VALUES = {name: dest for names, dest, metavar, _, _ in CHECK_OPTIONS if metavar is not None for name in names}
CHOICES = {dest: choices for _, dest, _, choices, _ in CHECK_OPTIONS if choices}
DEFAULTS = {dest: default for _, dest, _, _, default in CHECK_OPTIONS}


def read_plain_check(arguments: list[str]) -> SimpleNamespace | None:
    """The options of ``arguments`` (``["check", …]``) as argparse reads them, or None when
    the command line is not plain (see the module's docstring)."""
    if not arguments or arguments[0] != "check":
        return None
    values = dict(DEFAULTS)
    paths: list[str] = []
    paths_ended = False  # argparse reads one run of paths: words after a later option are its error
    index = 1
    while index < len(arguments):
        word = arguments[index]
        index += 1
        if not word.startswith("-") or word == "-":
            if paths_ended:
                return None
            paths.append(word)
            continue
        if paths:
            paths_ended = True
        if word in FLAGS:
            values[FLAGS[word]] = True
            continue
        name, equals, value = word.partition("=")
        if not name.startswith("--"):
            name, equals = word, ""  # (-o=x and -ox are argparse's to read)
        dest = VALUES.get(name)
        if dest is None:
            return None
        if not equals:
            if index == len(arguments):
                return None
            value = arguments[index]
            index += 1
            if value.startswith("-"):
                return None
        if dest == NUMBER_OPTION:
            value = _positive_int(value)
            if value is None:
                return None
        elif dest in CHOICES and value not in CHOICES[dest]:
            return None
        values[dest] = value
    return SimpleNamespace(lang=values.pop("lang"), command="check", paths=paths, **values)


def _positive_int(text: str) -> int | None:
    """``-j``'s value as argparse's type reads it (``gklint.cli.main._positive_int``); None
    where that refuses it."""
    try:
        value = int(text)
    except ValueError:
        return None
    return value if value >= 1 else None
