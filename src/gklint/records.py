"""Record types declared once: fields as class annotations, the rest made from them.

A record class lists its fields as annotations, in ``__init__`` order, with their defaults::

    class Span(Frozen):
        start: int
        end: int
        logical: str | None = None

and gets what ``@dataclass(slots=True)`` (``Record``) or ``@dataclass(frozen=True,
slots=True)`` (``Frozen``) would give it: ``__slots__``, ``__init__`` (unless the class writes
its own), equality, ``repr``, ``__match_args__``, and for ``Frozen`` hashing, read-only fields
and pickling. A default made anew for each instance is written ``fresh(list)``: the parameter
defaults to None and ``__init__`` puts ``list()`` in its place. Slots that are not fields
(derived data left out of equality) are listed in the class's own ``__slots__``.

Why not ``dataclasses``: ``gklint check`` on one file has a start-up budget of 150 ms, and
``@dataclass(slots=True)`` costs 0.6–2 ms per class on this project's machines (measured on
Python 3.11: some 30 ms or more for gklint's fifty record types, a fifth of the budget); this
metaclass makes one in about 0.03 ms, where a hand-written class takes 0.01 ms (class
creation alone, same machine). The generated ``__init__`` assigns each field as a hand-written one
would (``self.field = field``; a ``Frozen`` record's through its slot descriptor), as fast as
the hand-written ones it replaced (the tree builder and the loaders make a record per cell
and per row: ``benchmarks/run.py``).
"""

from __future__ import annotations

import builtins
from operator import attrgetter
from types import CodeType, FunctionType

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any, Callable


class FrozenInstanceError(AttributeError):
    """Raised on assigning to a field of a ``Frozen`` instance."""


class fresh:
    """A field default made anew for each instance: ``fresh(list)`` gives each record its own
    empty list (the parameter defaults to None, and None is replaced by ``list()``)."""

    __slots__ = ("factory",)

    def __init__(self, factory: Callable[[], Any]) -> None:
        self.factory = factory


class _RecordType(type):
    """Makes a record class from its annotated fields (see the module's docstring)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any):
        inherited: tuple[str, ...] = ()
        inherited_defaults: dict[str, Any] = {}
        for base in bases:
            inherited += getattr(base, "_fields", ())
            inherited_defaults.update(getattr(base, "_defaults", {}))
        own = tuple(
            field for field, annotation in namespace.get("__annotations__", {}).items()
            if not str(annotation).startswith(("ClassVar", "typing.ClassVar")) and field not in inherited
        )
        defaults = dict(inherited_defaults)
        for field in own:
            if field in namespace:
                defaults[field] = namespace.pop(field)
        namespace["__slots__"] = own + tuple(namespace.get("__slots__", ()))
        namespace["_fields"] = fields = inherited + own
        namespace["_defaults"] = defaults
        namespace["__match_args__"] = fields
        cls = super().__new__(mcls, name, bases, namespace, **kwargs)
        if fields:
            cls._values = staticmethod(attrgetter(*fields) if len(fields) > 1 else lambda record: (getattr(record, fields[0]),))
            if "__init__" not in namespace:
                cls.__init__ = _InitOnFirstUse(cls, fields, defaults)
        return cls


# Instances a record class makes through ``_InitOnFirstUse.fill`` before its ``__init__`` is
# compiled: a class made a few times per run (the run's settings, its memo, a finding answered
# from the result cache) never pays for a compile; one made per cell or row soon has its own.
COMPILE_AFTER = 16
_REQUIRED = object()  # (what ``fill`` finds as the default of a field that has none)


class _InitOnFirstUse:
    """A record class's generated ``__init__`` (``_make_init``), made once the class has been
    instantiated ``COMPILE_AFTER`` times, or when its ``__init__`` is read (``inspect.signature``
    sees the made function). It then takes this placeholder's place in the class; until then
    each instance is filled in by ``fill``, as the made function would fill it.

    Making one compiles its code for a new shape of signature, some 400,000 instructions
    apiece (callgrind; 850,000 with the first instance of a class of six fields): the
    seven record classes that ``gklint check one.txt`` instantiates when it answers from the
    result cache (its settings, its memo, its task, the cached finding and result...) cost it
    some 5 M instructions of compiling, for a few instances each. Defaults are the function's,
    so a required field and one with a default share their code (``_init_code``).
    """

    __slots__ = ("owner", "fields", "defaults", "uses")

    def __init__(self, owner: type, fields: tuple[str, ...], defaults: dict[str, Any]) -> None:
        self.owner = owner
        self.fields = fields
        self.defaults = defaults
        self.uses = 0

    def __get__(self, instance: Any, owner: type | None = None):
        if instance is not None and self.uses < COMPILE_AFTER:
            self.uses += 1
            return lambda *args, **kwargs: self.fill(instance, args, kwargs)
        init = _make_init(self.owner, self.fields, self.defaults)
        type.__setattr__(self.owner, "__init__", init)
        return init if instance is None else init.__get__(instance, owner)

    def fill(self, instance: Any, args: tuple, kwargs: dict[str, Any]) -> None:
        """Set the fields of ``instance`` from ``args`` and ``kwargs`` as the made
        ``__init__`` would (through the fields' slots: ``object.__setattr__``)."""
        fields, defaults = self.fields, self.defaults
        if len(args) > len(fields):
            raise TypeError(f"{self.owner.__qualname__}.__init__() takes {len(fields) + 1} positional arguments"
                            f" but {len(args) + 1} were given")
        values = dict(zip(fields, args))
        for field, value in kwargs.items():
            if field not in fields:
                raise TypeError(f"{self.owner.__qualname__}.__init__() got an unexpected keyword argument {field!r}")
            if field in values:
                raise TypeError(f"{self.owner.__qualname__}.__init__() got multiple values for argument {field!r}")
            values[field] = value
        for field in fields:
            default = defaults.get(field, _REQUIRED)
            if type(default) is fresh:  # None, given or not, stands for a new value
                value = values.get(field)
                if value is None:
                    value = default.factory()
            elif field in values:
                value = values[field]
            elif default is not _REQUIRED:
                value = default
            else:
                raise TypeError(f"{self.owner.__qualname__}.__init__() missing required argument: {field!r}")
            object.__setattr__(instance, field, value)


def _make_init(cls: type, fields: tuple[str, ...], defaults: dict[str, Any]):
    """An ``__init__`` taking ``fields`` in order, storing each as a plain attribute assignment
    (``self.field = field``) where the class lets fields be assigned, else through its slot
    descriptor (``Frozen``).

    (Made from a code object compiled once per shape of signature (``_init_code``) with the
    parameters and attribute names renamed: compiling an ``__init__`` for each class cost a
    quarter of a millisecond apiece at start-up. A plain assignment to a slot is some times
    cheaper than a call of the slot's ``__set__``, and the tree builder makes a row record
    per table row: benchmarks/run.py.)"""
    kinds = tuple(
        "required" if field not in defaults else "fresh" if isinstance(defaults[field], fresh) else "default"
        for field in fields
    )
    plain = cls.__setattr__ is object.__setattr__ and not any(field.startswith("__") for field in fields)
    scope: dict[str, Any] = {"__builtins__": builtins}
    for position, field in enumerate(fields):
        if not plain:
            scope[f"set{position}"] = getattr(cls, field).__set__
        if kinds[position] == "fresh":
            scope[f"new{position}"] = defaults[field].factory
    code = _init_code(kinds, plain)
    if plain:
        # The attribute names of the shared code are ``_f0_``, ``_f1_``, …: each becomes its field.
        names = tuple(fields[int(name[2:-1])] if name.startswith("_f") and name.endswith("_") else name
                      for name in code.co_names)
        code = code.replace(co_names=names)
    code = code.replace(co_varnames=("self", *fields), co_name="__init__", co_qualname=f"{cls.__qualname__}.__init__")
    init = FunctionType(code, scope, "__init__")
    init.__defaults__ = tuple(None if kind == "fresh" else defaults[field]
                              for field, kind in zip(fields, kinds) if kind != "required") or None
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


# The ``__init__`` code for each shape of signature: whether each field is ``fresh``, and
# whether fields are assigned plainly (a few shapes serve all of gklint's record types). A
# required field and one with a default share their code: defaults belong to the function.
_INIT_CODES: dict[tuple[tuple[bool, ...], bool], CodeType] = {}


def _init_code(kinds: tuple[str, ...], plain: bool) -> CodeType:
    shape = tuple(kind == "fresh" for kind in kinds)
    code = _INIT_CODES.get((shape, plain))
    if code is None:
        parameters = ", ".join(f"p{position}" for position in range(len(kinds)))
        store = "self._f{0}_ = {1}" if plain else "set{0}(self, {1})"
        body = "".join(
            "\n    " + store.format(position, f"new{position}() if p{position} is None else p{position}" if kind == "fresh"
                                    else f"p{position}")
            for position, kind in enumerate(kinds)
        )
        source = f"def __init__(self, {parameters}):{body}"
        scope: dict[str, Any] = {}
        exec(source, scope)  # noqa: S102 - the source is made above from numbered names only
        # (Popped, not read: a function left in the dict that is its globals is a cycle, freed
        # only by the cycle collector, not when this returns.)
        code = _INIT_CODES[(shape, plain)] = scope.pop("__init__").__code__
    return code


class Record(metaclass=_RecordType):
    """A mutable record: equality and repr follow its fields as a dataclass's would, and, as
    with a mutable dataclass, instances are unhashable."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values(self) == self._values(other)  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)  # type: ignore[attr-defined]
        return f"{self.__class__.__qualname__}({fields})"


class Frozen(Record):
    """A ``Record`` as ``@dataclass(frozen=True)`` makes it: hashable, its fields read-only.

    A hand-written ``__init__`` sets the fields with ``set_field``.
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


# Hand-written ``__init__`` methods of ``Frozen`` classes set their fields with this.
set_field = object.__setattr__


def made_on_demand(slot: Any):
    """A property over the field ``slot`` of a base record (its member descriptor, as
    ``Row.span``): read from the slot once set, else made by the decorated function, kept in
    the slot and returned. For a subclass whose instances leave a field unset until a reader
    asks for it (a span or the cells of a row, a section's span: most are never read)."""
    read_slot, keep = slot.__get__, slot.__set__

    def decorate(make):
        def read(record):
            try:
                return read_slot(record)
            except AttributeError:
                value = make(record)
                keep(record, value)
                return value

        read.__name__, read.__qualname__, read.__doc__ = make.__name__, make.__qualname__, make.__doc__
        return property(read)

    return decorate


class cached_property:
    """``functools.cached_property`` without its lock: a value made by the decorated method on
    the first read and kept in the instance's ``vars``, where later reads find it without
    calling the descriptor. Python 3.11's takes a lock on every first read (one lock for all
    instances): 0.6-0.8 % of a run over 5,000 text reports in py-spy, 0.3 % of its
    instructions (callgrind; each report's index reads a handful). Two threads reading the same instance's
    value for the first time at once may both make it, as with Python 3.12's; gklint's
    threads never share one being built (the LSP server checks on one thread, the web app in
    worker processes)."""

    def __init__(self, make: Callable[[Any], Any]) -> None:
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = vars(instance)[self.name] = self.make(instance)
        return value
