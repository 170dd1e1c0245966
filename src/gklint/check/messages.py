"""Messages as data: what a rule says, in Chinese and in English, apart from what it detects.

A rule declares its messages beside it, by id::

    messages = {
        "label-mismatch": Message(zh="行标签「{found}」与规范文本不符，应为「{expected}」",
                                  en="row label “{found}” should read “{expected}”"),
    }

and a finding carries the id and the arguments (``{"found": …, "expected": …}``), never the
text: the text is rendered once, in the run's language, and a client that holds a finding
(an editor, Word comments) can render it again in the other language from the id and the
arguments alone.

Arguments are plain JSON values (strings, numbers, booleans, lists, objects), so that findings
can be pickled to the parent process and written out as JSON. Two kinds get a meaning of
their own when rendered:

- a **list** is joined, and the format spec of its field is the separator:
  ``{markers:、}`` renders ``["a", "b"]`` as ``a、b`` (and ``「{markers:」「}」`` as ``「a」「b」``);
  ``{markers[0]}`` is its first item;
- a **fragment** (``fragment("numbering", example="一、")``, a ``{"message": id, "args": {…}}``
  object) is another message of the same rule, rendered in the same language: the way to build
  a message from parts that differ by language (a list of what is missing, a phrase that is
  there or not).

This module is a leaf: it imports nothing of gklint.
"""

from __future__ import annotations

from typing import Any, Mapping

__all__ = ["LANGUAGES", "Message", "MessageError", "fragment", "render", "fields"]

LANGUAGES = ("zh", "en")


class MessageError(LookupError):
    """A message id the rule does not declare, or an argument its text needs and was not given."""


class Message:
    """One message of a rule: its Chinese and English text, with ``{named}`` arguments (the
    syntax of ``str.format``; a literal brace is written twice)."""

    __slots__ = ("zh", "en")

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en

    def text(self, lang: str) -> str:
        """The text of ``lang`` (``zh`` for any language but ``en``), arguments unfilled."""
        return self.en if lang == "en" else self.zh

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Message):
            return (self.zh, self.en) == (other.zh, other.en)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    def __repr__(self) -> str:
        return f"Message(zh={self.zh!r}, en={self.en!r})"


def fragment(message_id: str, **args: Any) -> dict[str, Any]:
    """An argument that is itself a message of the same rule, rendered in the same language."""
    return {"message": message_id, "args": args}


def _is_fragment(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("message"), str)


class _Joined:
    """A list argument: its items rendered, joined by the field's format spec."""

    __slots__ = ("items",)

    def __init__(self, items: list[str]) -> None:
        self.items = items

    def __format__(self, separator: str) -> str:
        return separator.join(self.items)

    def __getitem__(self, index: int) -> str:  # ``{markers[0]}``: one item
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)


def render(messages: Mapping[str, Message], message_id: str, args: Mapping[str, Any] | None, lang: str,
           owner: str = "") -> str:
    """The text of ``messages[message_id]`` in ``lang``, its arguments filled in.

    ``owner`` (a rule code) only names the table in errors. Raises ``MessageError`` for an id
    ``messages`` does not hold, and for an argument the text needs and ``args`` lacks.
    """
    message = messages.get(message_id)
    if message is None:
        where = f"{owner} " if owner else ""
        raise MessageError(f"{where}declares no message {message_id!r}")
    # ``args`` itself is what the text reads where every argument stands for itself (strings
    # and numbers: most messages and fragments); a copy is made only to put the rendered
    # fragments and joinable lists in place, and a missing argument is told from the KeyError.
    # (Each message's and fragment's arguments were copied into a dict whose ``__missing__``
    # raised: rendering the findings of a generated text report 112 -> 95 thousand
    # instructions, callgrind.)
    arguments: Mapping[str, Any] = args or _NO_ARGUMENTS
    if args:
        rendered: dict[str, Any] | None = None
        for name, value in args.items():
            kind = value.__class__
            if kind in _PLAIN:
                continue
            if rendered is None:
                arguments = rendered = dict(args)
            # A fragment, the most common argument that is not plain, rendered here and not
            # through ``_argument``: each call of a function is some 4,000 instructions.
            if kind is dict and value.get("message").__class__ is str:
                rendered[name] = render(messages, value["message"], value.get("args"), lang, owner)
            else:
                rendered[name] = _argument(messages, value, lang, owner)
    try:
        return (message.en if lang == "en" else message.zh).format_map(arguments)
    except KeyError as error:
        if error.args and error.args[0] not in arguments:
            raise MessageError(f"message {message_id!r} needs the argument {error.args[0]!r}") from None
        raise


_NO_ARGUMENTS: Mapping[str, Any] = {}


# Argument types that stand for themselves in ``str.format_map`` (``_argument``).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def _argument(messages: Mapping[str, Message], value: Any, lang: str, owner: str) -> Any:
    """What stands for ``value`` in ``str.format_map``: a rendered fragment, a joinable list."""
    if isinstance(value, (list, tuple)):
        if _ONLY_STRINGS(map(type, value)):  # (most lists: their items stand as they are)
            return _Joined(value)
        # Each item in this loop, not a call per item: strings and fragments, the items of
        # most lists, first.
        items = []
        for item in value:
            if item.__class__ is str:
                items.append(item)
            elif item.__class__ is dict and item.get("message").__class__ is str:
                items.append(render(messages, item["message"], item.get("args"), lang, owner))
            else:
                items.append(str(_argument(messages, item, lang, owner)))
        return _Joined(items)
    if _is_fragment(value):
        return render(messages, value["message"], value.get("args"), lang, owner)
    return value


# Whether the types of a list's items are all ``str`` (tested in C, item by item).
_ONLY_STRINGS = frozenset({str}).issuperset


def fields(message: Message) -> dict[str, set[str]]:
    """The argument names each language's text uses (for tests and documentation)."""
    from string import Formatter

    return {
        lang: {name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(message.text(lang)) if name}
        for lang in LANGUAGES
    }
