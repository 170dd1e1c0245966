"""One defect, one finding: the cell, or the blank column, that explains several failed identities.

One wrong number breaks every identity it takes part in. A wrong （七）总计·自然人 breaks the
自然人 column's results total and its balance; where the 总计 column sums the row, as it should,
the error repeats there and breaks the 总计 column's two identities as well. A 总计 column left
blank breaks the row total of every row and the balance of that column. GK303–GK306 report
such a defect once, at the cell most likely wrong, with the failures as related places.

A defect is attributed through a correction: new values for a few cells that make every
identity those cells take part in hold, the failed ones and the ones that held already. A
correction is looked for in three shapes, each read off the failures themselves:

- one cell, with the value that makes one failure hold, for each cell of each failure;
- one cell and the totals that repeat it: as above, where the cell's new value breaks an
  identity that held (its row's 总计 summed the wrong value), the single total of that identity
  moves by the same amount;
- the blank cells of one column, each filled with the sum its row (or column) identity gives.

A correction is reported when it explains at least two failures and no other correction
explains exactly the same failures (else the defect could be in any of several cells, and the
failures stay separate, as independent failures do).
"""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Iterable, Protocol

from gklint.check.rules.table_rows import BlockRows, TableRows, counts_getter
from gklint.records import Record

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, ColumnSpec, IdentitySpec
    from gklint.parse.tree import Cell, Row, Table


class Failure(Protocol):
    """What is read of a failed identity (``numbers.Failure``, which imports this module):
    the identity, the table and its place in ``document.index.tables``, and the column (or
    row) it failed in."""

    identity: IdentitySpec
    table: Table
    number: int
    column: ColumnSpec | None
    row: Row | None

# A cell: its table's place in ``document.index.tables``, its row's index, its column's key.
Ref = tuple[int, int, str]
_ZERO = Decimal(0)
_ONE = Decimal(1)  # (a value with its exponent: ``same_quantum``)


class Instance(Record):
    """One identity in one column (or row) of one table: the cells of its two sides; once a
    correction is weighed against it (``Ledger.imbalance``), its imbalance at the present
    values and ``weights``, how often each cell counts on the left side less how often on
    the right (what a corrected value of that cell moves the imbalance by, per unit)."""

    identity: IdentitySpec
    key: tuple
    left: tuple[Ref, ...]
    right: tuple[Ref, ...]
    weights: dict[Ref, int] | None = None
    imbalance: Decimal | None = None


class Place(Record):
    """Where a cell stands: its table, block, row and the cell itself."""

    table: Table
    block: BlockSpec
    row: Row
    cell: Cell


class Explanation(Record):
    """A correction that explains several failures: ``cells`` (cell, present value, corrected
    value), the cell most likely wrong first; ``blank_column`` when it fills the blank cells
    of one column; ``failures`` sorted by code, and their ``places`` in the list of failures
    ``explain`` was given; ``owner``, the rule that reports
    it: the one whose identity has the first cell as its total (the cell stands alone on one
    side: （七）总计 of the results total, 总计 of the row total; the lowest such code), else
    the lowest code."""

    cells: list[tuple[Place, Decimal, Decimal]]
    column: str
    blank_column: bool
    failures: list[Failure]
    places: list[int]
    owner: str


class Ledger:
    """Every instance of some identities over some tables of one document, and the values of
    their cells (blank cells count as 0; a column or row with a cell that can't be trusted
    has no instance, as in ``numbers.evaluate``)."""

    def __init__(self, identities: Iterable[IdentitySpec], tables: TableRows, numbers: set[int]) -> None:
        self.instances: list[Instance] = []
        self.values: dict[Ref, Decimal] = {}
        # Where each row of an instance stands, by (table, row index): the row and the rows of
        # its block, which give its cells by column. A cell's place is looked up from there when
        # asked for (only the cells of a failure and of an explanation are): one per cell of
        # every identity showed in profiles (``benchmarks/run.py``).
        self._rows: dict[tuple[int, int], tuple[Row, BlockRows]] = {}
        self.touching: dict[Ref, list[Instance]] = {}
        for identity in identities:
            block = tables.block(identity.table, identity.block)
            if block is None:
                continue
            for rows in tables.of(identity.table, block):
                if rows.number in numbers:
                    if identity.for_each == "column":
                        self._columns(identity, rows)
                    else:
                        self._rows_of(identity, rows)
        # A correction of a few cells moves an instance's imbalance by their weights
        # (``imbalance``) rather than summing every cell again (``benchmarks/run.py``). That
        # gives the very number the sums give (digits and exponent) where every value is a
        # whole number written without decimals and no sum needs more digits than the
        # decimal context keeps (28): any count of a report, as a rule; else the sides are
        # summed again.
        self.exact = all(value.same_quantum(_ONE) and value.adjusted() <= 18 for value in self.values.values())
        touching = self.touching
        for instance in self.instances:
            for ref in instance.left + instance.right:
                touching.setdefault(ref, []).append(instance)

    def cell(self, ref: Ref) -> Cell:
        """The cell ``ref``."""
        row, rows = self._rows[ref[0], ref[1]]
        return rows.cells(row)[ref[2]]

    def place(self, ref: Ref) -> Place:
        """Where the cell ``ref`` stands."""
        row, rows = self._rows[ref[0], ref[1]]
        return Place(rows.table, rows.block, row, rows.cells(row)[ref[2]])

    def _add(self, identity: IdentitySpec, key: tuple, left: list[Ref], left_values: tuple[Decimal, ...],
             right: list[Ref], right_values: tuple[Decimal, ...]) -> None:
        values = self.values
        values.update(zip(left, left_values))
        values.update(zip(right, right_values))
        self.instances.append(Instance(identity, key, tuple(left), tuple(right)))

    def _columns(self, identity: IdentitySpec, rows: BlockRows) -> None:
        left_rows = rows.single(identity.left)
        right_rows = rows.single(identity.right) if left_rows is not None else None
        if right_rows is None:
            return
        number, block, counts = rows.number, rows.block, rows.counts
        for row in left_rows + right_rows:
            self._rows[number, row.index] = (row, rows)
        left_counts = [counts[row.index] for row in left_rows]
        right_counts = [counts[row.index] for row in right_rows]
        for column in block.columns:
            column_key = column.key
            count_of = itemgetter(column_key)
            try:
                left = tuple(map(count_of, left_counts))
                right = tuple(map(count_of, right_counts))
            except KeyError:  # a cell missing or not to be trusted: no instance
                continue
            self._add(identity, (identity.key, number, column_key),
                      [(number, row.index, column_key) for row in left_rows], left,
                      [(number, row.index, column_key) for row in right_rows], right)

    def _rows_of(self, identity: IdentitySpec, rows: BlockRows) -> None:
        number, row_counts = rows.number, rows.counts
        left_keys, right_keys = identity.left, identity.right
        left_of, right_of = counts_getter(left_keys), counts_getter(right_keys)
        for row in rows.rows:
            if (identity.rows and row.key not in identity.rows) or row.values is None:
                continue
            counts = row_counts[row.index]
            try:
                left = left_of(counts)
                right = right_of(counts)
            except KeyError:  # a cell missing or not to be trusted: no instance
                continue
            self._rows[number, row.index] = (row, rows)
            self._add(identity, (identity.key, number, row.index),
                      [(number, row.index, key) for key in left_keys], left,
                      [(number, row.index, key) for key in right_keys], right)

    def imbalance(self, instance: Instance, corrected: dict[Ref, Decimal]) -> Decimal:
        """Left side minus right side, with the ``corrected`` values."""
        values = self.values
        if not self.exact:
            left = sum((corrected.get(ref, values[ref]) for ref in instance.left), _ZERO)
            return left - sum((corrected.get(ref, values[ref]) for ref in instance.right), _ZERO)
        weights = instance.weights
        if weights is None:
            weights = instance.weights = {}
            for weight, refs in ((1, instance.left), (-1, instance.right)):
                for ref in refs:
                    weights[ref] = weights.get(ref, 0) + weight
            instance.imbalance = (sum([values[ref] for ref in instance.left], _ZERO)
                                  - sum([values[ref] for ref in instance.right], _ZERO))
        difference = instance.imbalance
        for ref, value in corrected.items():
            weight = weights.get(ref)
            if weight:
                difference += weight * (value - values[ref])
        return difference


def failure_key(failure: Failure) -> tuple:
    """The ``Instance.key`` of ``failure``."""
    where = failure.column.key if failure.column is not None else failure.row.index
    return (failure.identity.key, failure.number, where)


def explain(failures: list[Failure], identities: Iterable[IdentitySpec], tables: TableRows) -> list[Explanation]:
    """The corrections that explain several of ``failures``, the failures of ``identities``
    (those of the rules that run) in the report whose rows ``tables`` holds; each failure
    explained at most once."""
    by_key = {failure_key(failure): place for place, failure in enumerate(failures)}
    per_table: dict[int, int] = {}
    for key in by_key:
        per_table[key[1]] = per_table.get(key[1], 0) + 1
    numbers = {number for number, count in per_table.items() if count >= 2}
    if not numbers:
        return []
    ledger = Ledger(identities, tables, numbers)
    failing = [instance for instance in ledger.instances if instance.key in by_key]
    failed_keys = {instance.key for instance in failing}

    candidates: dict[frozenset, tuple[dict[Ref, Decimal], frozenset, bool]] = {}

    def consider(corrected: dict[Ref, Decimal] | None, blank_column: bool) -> None:
        if not corrected:
            return
        explained = _verify(ledger, corrected, failed_keys)
        if explained is not None and len(explained) >= 2:
            candidates.setdefault(frozenset(corrected.items()), (corrected, explained, blank_column))

    reach: dict[Ref, bool] = {}
    for instance in failing:
        difference = ledger.imbalance(instance, {})
        for ref in instance.left + instance.right:
            # (Most cells of a failure reach no other: their corrections are not worked out.)
            reaches = reach.get(ref)
            if reaches is None:
                reaches = reach[ref] = _reaches_two(ledger, ref, failed_keys)
            if reaches:
                consider(_with_totals(ledger, ref, _mending(ledger, instance, ref, difference), failed_keys), False)
    blanks: dict[tuple[int, str], list[Ref]] = {}
    for instance in failing:
        for ref in instance.left + instance.right:
            if ledger.cell(ref).value.is_blank and ref not in blanks.get((ref[0], ref[2]), ()):
                blanks.setdefault((ref[0], ref[2]), []).append(ref)
    for refs in blanks.values():
        if len(refs) >= 2:
            # (In reading order: the first blank cell is where the finding stands.)
            consider(_filled(ledger, sorted(refs)), True)

    # The widest explanations first. One whose failures another correction explains just as
    # well (the same failures, or as many overlapping ones) is ambiguous and left out.
    by_explained: dict[frozenset, list] = {}
    for corrected, explained, blank_column in candidates.values():
        by_explained.setdefault(explained, []).append((corrected, blank_column))
    chosen: list[frozenset] = []
    used: set[tuple] = set()
    for size in sorted({len(keys) for keys in by_explained}, reverse=True):
        available = [keys for keys in by_explained if len(keys) == size and not keys & used]
        for keys in available:
            if len(by_explained[keys]) == 1 and not any(other is not keys and other & keys for other in available):
                chosen.append(keys)
        for keys in available:
            used |= keys
    explanations: list[Explanation] = []
    for explained in chosen:
        corrected, blank_column = by_explained[explained][0]
        first = next(iter(corrected))
        places = sorted((place for key, place in by_key.items() if key in explained),
                        key=lambda place: failures[place].identity.code)
        totals = [instance.identity.code for instance in failing
                  if instance.key in explained and (instance.left == (first,) or instance.right == (first,))]
        explanations.append(Explanation(
            cells=[(ledger.place(ref), ledger.values[ref], value) for ref, value in corrected.items()],
            column=first[2],
            blank_column=blank_column,
            failures=[failures[place] for place in places],
            places=places,
            owner=min(totals) if totals else min(failures[place].identity.code for place in places),
        ))
    return explanations


def _mending(ledger: Ledger, instance: Instance, ref: Ref, difference: Decimal) -> Decimal:
    """The value of ``ref`` that makes ``instance`` hold, its imbalance being ``difference``."""
    return ledger.values[ref] - difference if ref in instance.left else ledger.values[ref] + difference


def _reaches_two(ledger: Ledger, ref: Ref, failed: set[tuple]) -> bool:
    """Whether a correction of ``ref`` (``_with_totals``) may explain two failures or more.

    Such a correction changes ``ref`` and at most the single total of each identity of
    ``ref`` that held, and what it explains is among the failed identities of the cells it
    changes (``_verify``): where those are fewer than two, the correction is not worth working
    out. A failure of a report has a score of cells, one or two of which reach another
    failure: the Decimal arithmetic of a correction for each showed in profiles
    (``benchmarks/run.py``, text reports with a wrong cell)."""
    touching = ledger.touching
    reached = set()
    for instance in touching[ref]:
        if instance.key in failed:
            reached.add(instance.key)
            continue
        for side in (instance.left, instance.right):
            if len(side) == 1:
                reached.update(other.key for other in touching[side[0]] if other.key in failed)
    return len(reached) >= 2


def _with_totals(ledger: Ledger, ref: Ref, value: Decimal, failed: set[tuple]) -> dict[Ref, Decimal] | None:
    """``ref`` set to ``value``, and the single total of each identity that held and would
    break moved by as much (a total that repeats the cell's error); None where the cell's
    value breaks an identity that has no such total."""
    corrected = {ref: value}
    for instance in ledger.touching[ref]:
        difference = ledger.imbalance(instance, corrected)
        if difference == 0 or instance.key in failed:
            continue
        total_side = instance.right if ref in instance.left else instance.left
        if len(total_side) != 1 or total_side[0] in corrected:
            return None
        corrected[total_side[0]] = _mending(ledger, instance, total_side[0], difference)
    return corrected


def _filled(ledger: Ledger, refs: list[Ref]) -> dict[Ref, Decimal] | None:
    """The blank cells ``refs`` of one column, each filled with the sum of the other side of an
    identity where it stands alone (its row's 总计 = the sum of the row); None where one has none."""
    group = set(refs)
    corrected: dict[Ref, Decimal] = {}
    for ref in refs:
        for instance in ledger.touching[ref]:
            side, other = (instance.left, instance.right) if ref in instance.left else (instance.right, instance.left)
            if len(side) == 1 and not group.intersection(other):
                corrected[ref] = sum((ledger.values[cell] for cell in other), _ZERO)
                break
        else:
            return None
    return corrected


def _verify(ledger: Ledger, corrected: dict[Ref, Decimal], failed: set[tuple]) -> frozenset | None:
    """The failures ``corrected`` mends, where it leaves every identity of its cells holding
    and no count negative; else None."""
    if any(value < 0 <= ledger.values[ref] for ref, value in corrected.items()):
        return None
    if all(value == ledger.values[ref] for ref, value in corrected.items()):
        return None
    explained = set()
    for ref in corrected:
        for instance in ledger.touching[ref]:
            if ledger.imbalance(instance, corrected) != 0:
                return None
            if instance.key in failed:
                explained.add(instance.key)
    return frozenset(explained)
