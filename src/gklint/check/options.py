"""Options a rule takes: declared beside the rule, with a name, a type, a default and a line of
documentation, so that settings can be checked and ``gklint explain`` can list them.

A rule's settings come, lowest first, from the option's default here, from ``[rules.CODE]`` in
``rules.toml`` (and template files), and from ``[tool.gklint.rules.CODE]`` in the user's
configuration. Word lists and table keys are format data and live in ``rules.toml``: an option
whose default is the format's data declares none here (``default`` left out) and takes it from
there; a test checks that every such option has its value in ``rules.toml`` and that every key
there is a declared option of its rule, of the declared type.

This module is a leaf: it imports nothing of gklint.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

__all__ = ["OPTION_TYPES", "NO_DEFAULT", "Option", "OptionError", "validate_options", "type_matches"]


class _NoDefault:
    """The default of an option whose value comes from ``rules.toml``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_DEFAULT"

    def __reduce__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT: Any = _NoDefault()


def _is_string_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_table_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


# The types an option may have, as TOML writes its values: name → (test, how a message names it).
OPTION_TYPES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "str": (lambda value: isinstance(value, str), "字符串 string"),
    "int": (lambda value: isinstance(value, int) and not isinstance(value, bool), "整数 integer"),
    "float": (lambda value: isinstance(value, (int, float)) and not isinstance(value, bool), "数字 number"),
    "bool": (lambda value: isinstance(value, bool), "布尔值 boolean"),
    "list[str]": (_is_string_list, "字符串列表 list of strings"),
    "list[table]": (_is_table_list, "表的列表 list of tables"),
    "table": (lambda value: isinstance(value, dict), "表 table"),
}


def type_matches(type_name: str, value: Any) -> bool:
    """Whether ``value`` (as TOML gives it) is of the option type ``type_name``."""
    return OPTION_TYPES[type_name][0](value)


def _type_of(value: Any) -> str:
    """How a message names the type of a value the user gave."""
    for name in ("bool", "int", "float", "str", "list[str]", "list[table]", "table"):
        if type_matches(name, value):
            return name
    return "list" if isinstance(value, list) else type(value).__name__


class Option:
    """One option of a rule: its name, type (a key of ``OPTION_TYPES``), default and a
    one-line description in Chinese (and English)."""

    __slots__ = ("name", "type", "description", "description_en", "default")

    def __init__(self, name: str, type: str, description: str, description_en: str = "",
                 default: Any = NO_DEFAULT) -> None:
        if type not in OPTION_TYPES:
            raise ValueError(f"option {name!r}: unknown type {type!r} (one of {', '.join(OPTION_TYPES)})")
        if default is not NO_DEFAULT and not type_matches(type, default):
            raise ValueError(f"option {name!r}: default {default!r} is not of type {type}")
        self.name = name
        self.type = type
        self.description = description
        self.description_en = description_en
        self.default = default

    @property
    def has_default(self) -> bool:
        """Whether the option declares its default here (else ``rules.toml`` gives it)."""
        return self.default is not NO_DEFAULT

    def default_value(self) -> Any:
        """A fresh copy of the default (lists are mutable)."""
        import copy

        return copy.deepcopy(self.default)

    def __repr__(self) -> str:
        return f"Option({self.name!r}, {self.type!r}, default={self.default!r})"


class OptionError:
    """One problem with a user's option: an unknown name (``kind == "unknown"``, with the
    closest valid name in ``suggestion`` when there is one) or a value of the wrong type
    (``kind == "type"``, with ``expected`` and ``found`` type names)."""

    __slots__ = ("code", "name", "kind", "suggestion", "expected", "found")

    def __init__(self, code: str, name: str, kind: str, suggestion: str | None = None,
                 expected: str | None = None, found: str | None = None) -> None:
        self.code = code
        self.name = name
        self.kind = kind
        self.suggestion = suggestion
        self.expected = expected
        self.found = found

    @property
    def message(self) -> str:
        """The problem in a sentence (Chinese, with the names as written)."""
        if self.kind == "unknown":
            hint = f"（是否应为 {self.suggestion!r}？）" if self.suggestion else ""
            return f"规则 {self.code} 没有选项 {self.name!r}{hint}"
        expected = OPTION_TYPES[self.expected][1] if self.expected in OPTION_TYPES else self.expected
        return f"规则 {self.code} 的选项 {self.name!r} 应为 {self.expected}（{expected}），而不是 {self.found}"

    def __str__(self) -> str:
        return self.message

    def __eq__(self, other: object) -> bool:
        if isinstance(other, OptionError):
            return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"OptionError({fields})"


def validate_options(code: str, options: Iterable[Option], values: Mapping[str, Any]) -> list[OptionError]:
    """The problems of the user's ``values`` for the rule ``code`` that declares ``options``:
    every unknown name (with the closest declared name, by ``difflib``) and every value not
    of its option's type, in the order of ``values``. An empty list: all is well."""
    import difflib

    declared = {option.name: option for option in options}
    errors: list[OptionError] = []
    for name, value in values.items():
        option = declared.get(name)
        if option is None:
            close = difflib.get_close_matches(name, list(declared), n=1, cutoff=0.6)
            errors.append(OptionError(code, name, "unknown", suggestion=close[0] if close else None))
        elif not type_matches(option.type, value):
            errors.append(OptionError(code, name, "type", expected=option.type, found=_type_of(value)))
    return errors
