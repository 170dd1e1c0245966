"""Record types: declared once by their annotated fields, they behave as dataclasses would."""

from __future__ import annotations

import pickle

import pytest

from gklint import records
from gklint.records import Frozen, FrozenInstanceError, Record, fresh


class Point(Frozen):
    x: int
    y: int = 0
    tags: tuple[str, ...] = ()


class Bag(Record):
    name: str
    items: list[int] = fresh(list)
    # A slot that is not a field: left out of equality and repr.
    __slots__ = ("derived",)


def test_fields_slots_and_init_come_from_the_annotations():
    assert Point._fields == ("x", "y", "tags") and Point.__match_args__ == Point._fields
    assert Point.__slots__ == ("x", "y", "tags") and Bag.__slots__ == ("name", "items", "derived")
    assert Point(1) == Point(x=1, y=0, tags=()) and Point(1, 2, ("a",)).tags == ("a",)
    with pytest.raises(TypeError):
        Point()
    assert not hasattr(Point(1), "__dict__")


def test_a_fresh_default_is_made_for_each_instance():
    first, second = Bag("a"), Bag("b")
    first.items.append(1)
    assert second.items == [] and Bag("c", [3]).items == [3]


def test_equality_repr_and_hash_follow_the_fields():
    bag = Bag("a", [1])
    bag.derived = "left out"
    assert bag == Bag("a", [1]) and repr(bag) == "Bag(name='a', items=[1])"
    assert Bag.__hash__ is None
    assert hash(Point(1, 2)) == hash(Point(1, 2)) and Point(1, 2) != Point(2, 1)


def test_frozen_records_are_read_only_and_pickle():
    point = Point(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 3
    with pytest.raises(FrozenInstanceError):
        del point.y
    assert pickle.loads(pickle.dumps(point)) == point


def test_a_subclass_adds_its_fields_after_its_bases():
    class Labelled(Point):
        label: str = ""

    assert Labelled._fields == ("x", "y", "tags", "label")
    assert Labelled(1, label="a") == Labelled(x=1, y=0, tags=(), label="a")


def test_a_hand_written_init_is_kept():
    class Normalised(Frozen):
        text: str

        def __init__(self, text: str) -> None:
            object.__setattr__(self, "text", text.strip())

    assert Normalised(" a ").text == "a"


class Watched(Bag):
    """A record whose assignments are watched: its generated ``__init__`` must not go through
    ``__setattr__`` (the fields are set through their slots, as ``Frozen`` records' are)."""

    count: int = 0

    def __setattr__(self, name: str, value: object) -> None:
        raise AssertionError(f"assigned {name}")


def test_generated_inits_assign_each_field_to_its_own_slot():
    bag = Bag("b", [1])
    assert (bag.name, bag.items) == ("b", [1]) and Bag("c").items == []
    # (The shared code of a signature's shape is renamed per class: fields of one class never
    # land in another's.)
    point = Point(3, 4, ("t",))
    assert (point.x, point.y, point.tags) == (3, 4, ("t",))
    watched = Watched("w", None, 2)
    assert (watched.name, watched.items, watched.count) == ("w", [], 2)
    with pytest.raises(AssertionError):
        watched.count = 3
    with pytest.raises(FrozenInstanceError):
        point.x = 5


def test_the_generated_init_is_made_on_first_use_with_the_fields_as_parameters():
    import inspect

    class Sample(Record):
        first: int
        second: str = "b"
        third: list[int] = fresh(list)

    class Shaped(Frozen):  # another class of the same shape of signature, its own defaults
        a: int
        b: str = "z"
        c: tuple[int, ...] = ()

    assert type(Sample.__dict__["__init__"]).__name__ == "_InitOnFirstUse"  # (nothing compiled at class creation)
    # The first instances are filled in without compiling, as the made function fills them.
    filled = [Sample(1), Sample(first=1, third=None), Sample(1, "c", [5]), Sample(third=[6], first=2)]
    assert type(Sample.__dict__["__init__"]).__name__ == "_InitOnFirstUse"
    with pytest.raises(TypeError):
        Sample()
    with pytest.raises(TypeError):
        Sample(1, second="x", fourth=0)
    with pytest.raises(TypeError):
        Sample(1, first=1)
    with pytest.raises(TypeError):
        Sample(1, "b", [], 4)
    for _ in range(records.COMPILE_AFTER):
        sample = Sample(1)
    assert "__init__" in Sample.__dict__ and inspect.isfunction(Sample.__dict__["__init__"])  # (now the function itself)
    assert (sample.first, sample.second, sample.third) == (1, "b", []) and Sample(2).third is not sample.third
    made = [Sample(1), Sample(first=1, third=None), Sample(1, "c", [5]), Sample(third=[6], first=2)]
    assert filled == made and filled[0].third is not filled[1].third
    assert str(inspect.signature(Shaped)) == "(a, b='z', c=())"  # (read before any instance: made then)
    assert Shaped(1) == Shaped(1, "z", ()) and Shaped(2, "y").b == "y"
    with pytest.raises(TypeError):
        Sample()
