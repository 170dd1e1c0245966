"""Plain classes with a dataclass's equality, repr and (for ``Frozen``) immutability.

Written by hand because ``@dataclass`` costs about a millisecond of start-up per class, and
``gklint check`` on one file has a start-up budget of 150 ms. A subclass lists its fields in
both ``__slots__`` and ``_fields`` (in ``__init__`` order) and writes its own ``__init__``.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any


class FrozenInstanceError(AttributeError):
    """Raised on assigning to a field of a ``Frozen`` instance."""


class Record:
    """Equality and repr of a ``@dataclass`` (``__init__`` aside).

    Equality and repr follow ``_fields`` as a dataclass's would, and, as with a mutable
    dataclass, instances are unhashable.
    """

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = cls._fields
        cls._values = staticmethod(attrgetter(*fields) if len(fields) > 1 else lambda record: (getattr(record, fields[0]),))
        cls.__match_args__ = fields

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({fields})"


class Frozen(Record):
    """A ``Record`` as ``@dataclass(frozen=True)`` makes it: hashable, its fields read-only.

    A subclass's ``__init__`` sets the fields with ``object.__setattr__``.
    """

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(self._values(self))  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values(self))  # type: ignore[attr-defined]


# Frozen classes set their fields in ``__init__`` with this.
set_field = object.__setattr__
