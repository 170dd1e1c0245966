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
from itertools import compress, repeat
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Iterable, Protocol

from gklint.check.rules.table_rows import BlockRows, TableRows, reading_counts, trusted
from gklint.records import Record

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, ColumnSpec, IdentitySpec
    from gklint.parse.tree import Cell, Row, Table
    from gklint.parse.values import CellValue


class Failure(Protocol):
    """What is read of a failed identity (``numbers.Failure``, which imports this module):
    the identity, the table and its place in ``document.index.tables``, the column (or row)
    it failed in, and the terms of its two sides, ``(key, reading, row, count)`` each (the
    reading: what the cell reads as), in the order of the identity's keys."""

    identity: IdentitySpec
    table: Table
    number: int
    column: ColumnSpec | None
    row: Row | None
    left: tuple[tuple[str, CellValue, Row, Decimal], ...]
    right: tuple[tuple[str, CellValue, Row, Decimal], ...]

# A cell: its table's place in ``document.index.tables``, its row's index, its column's key.
Ref = tuple[int, int, str]
_ZERO = Decimal(0)
_ONE = Decimal(1)  # (a value with its exponent: ``same_quantum``)
_READING, _IS_BLANK = itemgetter(1), attrgetter("is_blank")  # (of a failure's term; of what a cell reads as)


class Instance(Record):
    """One identity in one column (or row) of one table: the cells of its two sides;
    ``exact``: every value of its cells is a whole number written without decimals, of at
    most 19 digits (``CellValue.whole``), and then ``imbalance``, the left side less the
    right at the present values (summed in ints, as the cells' ``BlockRows.wholes``); once a
    correction is weighed against it (``Ledger.imbalance``), ``weights``, how often each
    corrected cell counts on the left side less how often on the right (what a corrected
    value of that cell moves the imbalance by, per unit)."""

    identity: IdentitySpec
    key: tuple
    left: tuple[Ref, ...]
    right: tuple[Ref, ...]
    weights: dict[Ref, int] | None = None
    imbalance: Decimal | None = None
    exact: bool = False


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
    """The instances of some identities over some tables of one document, and the values of
    their cells (blank cells count as 0; a column or row with a cell that can't be trusted
    has no instance, as in ``numbers.evaluate``).

    An instance is made when a cell it holds is first asked about (``touching``, ``instance``):
    attribution asks about the cells of the failures, the totals next to them and the cells
    of a correction, not about the many instances elsewhere in their tables, all of which
    were made, with an entry per cell, before (``benchmarks/run.py``, text reports with a
    wrong cell)."""

    def __init__(self, identities: Iterable[IdentitySpec], tables: TableRows, numbers: set[int]) -> None:
        self.values: dict[Ref, Decimal] = {}
        # Where each row whose shape was read stands, by table and row index: the row and the
        # rows of its block, which give its cells by column. A cell's place is looked up from
        # there when asked for (only the cells of a failure and of an explanation are): one
        # per cell of every identity showed in profiles (``benchmarks/run.py``).
        self._rows: dict[int, dict[int, tuple[Row, BlockRows]]] = {}
        self._touching: dict[Ref, list[Instance]] = {}
        # Each identity over each table of ``numbers``: by table, in the identities' order
        # (the order of the instances a cell takes part in), and by (identity key, table).
        self._over: dict[int, list[IdentityOver]] = {}
        self._over_by_key: dict[tuple[str, int], IdentityOver] = {}
        # By table: the identities in which a row (by column: by index) or a column (by row:
        # by key) stands alone on a side (``standing_alone``), made when first asked for.
        self._alone: dict[int, tuple[dict[int, list[IdentityOver]], dict[str, list[IdentityOver]]]] = {}
        noted: set[tuple[int, str]] = set()  # (the blocks whose rows are in ``_rows``)
        # (The rows of the tables ``numbers`` only, in reading order: those of another table
        # of the same key, which no failure is in, are not read.)
        in_order = sorted(numbers)
        for identity in identities:
            block = tables.block(identity.table, identity.block)
            if block is None:
                continue
            for rows in tables.among(in_order, identity.table, block):
                if (rows.number, block.key) not in noted:
                    noted.add((rows.number, block.key))
                    # (``rows.wholes`` holds the indexes of ``rows.read``, in its order.)
                    self._rows.setdefault(rows.number, {}).update(zip(rows.wholes, zip(rows.read, repeat(rows))))
                over = IdentityOver(identity, rows)
                self._over.setdefault(rows.number, []).append(over)
                self._over_by_key[identity.key, rows.number] = over

    def instance(self, key: tuple) -> Instance | None:
        """The instance of ``key`` (``Instance.key``), None where its column or row has a cell
        that can't be trusted."""
        over = self._over_by_key.get((key[0], key[1]))
        return over.instance(key[2], self) if over is not None else None

    def touching(self, ref: Ref) -> list[Instance]:
        """The instances ``ref`` takes part in, in the order of the identities (an instance
        once for each side it stands on)."""
        found = self._touching.get(ref)
        if found is None:
            found = self._touching[ref] = [instance for over in self._over.get(ref[0], ())
                                           for instance in over.touching(ref, self)]
        return found

    def standing_alone(self, number: int, refs: tuple[Ref, ...], failed: set[tuple]) -> list[list[Ref]]:
        """The cells of each instance but those of the keys ``failed`` in which one of
        ``refs``, cells of the table ``number`` (those of an instance), stands alone on a side
        (a total), as if every cell were trusted: no instance is made (``_reaching_two``).
        Asked for the cells of a failure at once, not cell by cell: most of them stand alone
        nowhere."""
        index = self._alone.get(number)
        if index is None:
            index = self._alone[number] = ({}, {})
            for over in self._over.get(number, ()):
                by_row_or_column = index[0] if over.identity.for_each == "column" else index[1]
                for alone in over.alone():
                    by_row_or_column.setdefault(alone, []).append(over)
        by_row, by_column = index
        # (Those of the rows, then those of the columns: what ``_reaching_two`` reads is the same.)
        found = [over.cells(ref[2]) for ref in refs if ref[1] in by_row for over in by_row[ref[1]]
                 if (over.identity.key, number, ref[2]) not in failed]
        found.extend(over.cells(ref[1]) for ref in refs if ref[2] in by_column
                     for over in by_column[ref[2]] if ref[1] in over.checked
                     and (over.identity.key, number, ref[1]) not in failed)
        return found

    def cell(self, ref: Ref) -> Cell:
        """The cell ``ref``."""
        row, rows = self._rows[ref[0]][ref[1]]
        return rows.cell(row, ref[2])

    def place(self, ref: Ref) -> Place:
        """Where the cell ``ref`` stands."""
        row, rows = self._rows[ref[0]][ref[1]]
        return Place(rows.table, rows.block, row, rows.cell(row, ref[2]))

    def add(self, identity: IdentitySpec, key: tuple, left: list[Ref], left_values: tuple[Decimal, ...],
            right: list[Ref], right_values: tuple[Decimal, ...], imbalance: Decimal | None) -> Instance:
        """A new instance, its cells' values noted; ``imbalance``: its imbalance where it is
        ``exact`` (else None)."""
        values = self.values
        values.update(zip(left, left_values))
        values.update(zip(right, right_values))
        return Instance(identity, key, tuple(left), tuple(right), imbalance=imbalance, exact=imbalance is not None)

    def imbalance(self, instance: Instance, corrected: dict[Ref, Decimal]) -> Decimal:
        """Left side minus right side, with the ``corrected`` values."""
        values = self.values
        weights = instance.weights
        if weights is None:
            # (Each cell's weight counted when a correction first moves it: a correction moves
            # one cell or two of an instance of a score.)
            weights = instance.weights = {}
        # A correction of a few cells moves the imbalance by their weights rather than summing
        # every cell again (``benchmarks/run.py``). That gives the very number the sums give
        # (digits and exponent) where every value taking part is a whole number written
        # without decimals and no sum needs more digits than the decimal context keeps (28):
        # any count of a report, as a rule; else the sides are summed again.
        if instance.exact:
            difference = instance.imbalance
            for ref, value in corrected.items():
                weight = weights.get(ref)
                if weight is None:
                    weight = weights[ref] = instance.left.count(ref) - instance.right.count(ref)
                if weight:
                    if not _exact(value):
                        break
                    difference += weight * (value - values[ref])
            else:
                return difference
        left = sum((corrected.get(ref, values[ref]) for ref in instance.left), _ZERO)
        return left - sum((corrected.get(ref, values[ref]) for ref in instance.right), _ZERO)


def _exact(value: Decimal) -> bool:
    """Whether ``value`` is a whole number written without decimals, of at most 19 digits."""
    return value.same_quantum(_ONE) and value.adjusted() <= 18


class IdentityOver:
    """One identity over the rows of one block of one table (``BlockRows``): which instance
    each of its cells takes part in, each instance made when first asked for, in the ledger
    that asks (``Ledger``).

    It is not given the ledger to keep: the ledger keeps it, and the two referring to each
    other would be a reference cycle holding the report's rows, which only the cycle collector
    frees, late and at a cost (``benchmarks/stages.py``: about a tenth of a text report's time
    went to collecting them)."""

    __slots__ = ("identity", "rows", "_sides", "_members", "_instances")

    def __init__(self, identity: IdentitySpec, rows: BlockRows) -> None:
        self.identity = identity
        self.rows = rows
        # By column: the rows of the two sides, None where one is missing or present twice;
        # by row: the rows the identity is checked in, by index.
        self._sides: tuple[list[Row], list[Row]] | dict[int, Row] | None = None
        # How often a row (by index; by column: the identity's key of a column) stands in an
        # instance.
        self._members: dict | None = None
        self._instances: dict = {}

    def _read(self) -> None:
        identity, rows = self.identity, self.rows
        members: dict = {}
        if identity.for_each == "column":
            left_rows = rows.single(identity.left)
            right_rows = rows.single(identity.right) if left_rows is not None else None
            if right_rows is not None:
                self._sides = (left_rows, right_rows)
                for row in left_rows + right_rows:
                    members[row.index] = members.get(row.index, 0) + 1
        else:
            only = identity.rows
            # (``rows.wholes`` holds the indexes of ``rows.read``, in its order.)
            self._sides = ({row.index: row for row in rows.read if row.key in only} if only
                           else dict(zip(rows.wholes, rows.read)))
            for key in identity.left + identity.right:
                members[key] = members.get(key, 0) + 1
        self._members = members

    def touching(self, ref: Ref, ledger: Ledger) -> list[Instance]:
        """The instance ``ref`` takes part in, once for each side it stands on; none where it
        takes part in none (made in ``ledger``)."""
        if self._members is None:
            self._read()
        if self.identity.for_each == "column":
            times, where = self._members.get(ref[1]), ref[2]
        else:
            times, where = self._members.get(ref[2]), ref[1]
        if not times:
            return []
        instance = self.instance(where, ledger)
        return [] if instance is None else [instance] * times

    def alone(self) -> list:
        """What stands alone on a side of the identity: by column, the index of the row;
        by row, the key of the column."""
        if self._members is None:
            self._read()
        if self.identity.for_each == "column":
            return [side[0].index for side in self._sides or () if len(side) == 1]
        return [side[0] for side in (self.identity.left, self.identity.right) if len(side) == 1]

    @property
    def checked(self) -> dict[int, Row]:
        """By row: the rows the identity is checked in, by index."""
        if self._members is None:
            self._read()
        return self._sides

    def cells(self, where) -> list[Ref]:
        """The cells of the instance in the column of key ``where`` (by column) or the row of
        index ``where`` (by row), as if every cell were trusted."""
        number, identity = self.rows.number, self.identity
        if identity.for_each == "column":
            left_rows, right_rows = self._sides
            return [(number, row.index, where) for row in left_rows + right_rows]
        return [(number, where, key) for key in identity.left + identity.right]

    def instance(self, where, ledger: Ledger) -> Instance | None:
        """The instance in the column of key ``where`` (by column) or the row of index
        ``where`` (by row), made in ``ledger`` when first asked for; None where there is none."""
        try:
            return self._instances[where]
        except KeyError:
            if self._members is None:
                self._read()
            made = self._instances[where] = (self._column if self.identity.for_each == "column" else self._row)(where, ledger)
            return made

    def _column(self, column_key: str, ledger: Ledger) -> Instance | None:
        rows, sides = self.rows, self._sides
        place = rows.places.get(column_key)
        if sides is None or place is None:
            return None
        left_rows, right_rows = sides
        # (The column's counts only: not those of every cell of its score of rows. Read of
        # what the cells read as, ``Row.value_readings``: a ``CutRow``'s cells are made only
        # for a reader of them, and a correction reads the cells of a few.)
        left = tuple(reading_counts([row.value_readings[place] for row in left_rows]))
        right = tuple(reading_counts([row.value_readings[place] for row in right_rows]))
        if not (trusted(left) and trusted(right)):  # a cell missing or not to be trusted: no instance
            return None
        number, identity, wholes = rows.number, self.identity, rows.wholes
        return ledger.add(identity, (identity.key, number, column_key),
                          [(number, row.index, column_key) for row in left_rows], left,
                          [(number, row.index, column_key) for row in right_rows], right,
                          _imbalance([wholes[row.index][place] for row in left_rows],
                                     [wholes[row.index][place] for row in right_rows]))

    def _row(self, index: int, ledger: Ledger) -> Instance | None:
        rows, identity = self.rows, self.identity
        row = self._sides.get(index)
        if row is None:
            return None
        counts, places = rows.counts_of(row), rows.places
        left = tuple([counts[places[key]] for key in identity.left])
        right = tuple([counts[places[key]] for key in identity.right])
        if not (trusted(left) and trusted(right)):  # a cell missing or not to be trusted: no instance
            return None
        number, wholes = rows.number, rows.wholes[index]
        return ledger.add(identity, (identity.key, number, index),
                          [(number, index, key) for key in identity.left], left,
                          [(number, index, key) for key in identity.right], right,
                          _imbalance([wholes[places[key]] for key in identity.left],
                                     [wholes[places[key]] for key in identity.right]))


def _imbalance(left: list[int | None], right: list[int | None]) -> Decimal | None:
    """The left side less the right, of the ints of an instance's cells (``BlockRows.wholes``),
    as the Decimal its cells' values give (a whole number, summed without rounding: a sum of
    counts of at most 19 digits); None where a count is no such int (None).

    (Summed in ints once per instance, where ``Ledger.imbalance`` summed its Decimals, a
    score of them for the results total, the first time a correction was weighed against
    it.)"""
    try:
        return Decimal(sum(left) - sum(right))
    except TypeError:  # (a count no such int)
        return None


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
    # (In the order of the failures, which is the identities', then the tables' and the
    # columns' or rows'.)
    made = [(ledger.instance(key), failures[place]) for key, place in by_key.items()]
    failing = [instance for instance, _ in made if instance is not None]
    # (The terms of their failures: their cells, in the order of the instances' cells.)
    failing_terms = [failure.left + failure.right for instance, failure in made if instance is not None]
    failed_keys = {instance.key for instance in failing}

    candidates: dict[frozenset, tuple[dict[Ref, Decimal], frozenset, bool]] = {}

    def consider(corrected: dict[Ref, Decimal] | None, blank_column: bool) -> None:
        if not corrected:
            return
        explained = _verify(ledger, corrected, failed_keys)
        if explained is not None and len(explained) >= 2:
            candidates.setdefault(frozenset(corrected.items()), (corrected, explained, blank_column))

    reaching_two = _reaching_two(ledger, failing)
    # (Each cell and value worked out once: the cell two failures have in common, a wrong
    # count breaking its row and its column, is mended alike from each of them, and the same
    # correction was worked out and verified again, in most reports with failures.)
    tried: set[tuple[Ref, Decimal]] = set()
    for instance in failing:
        difference = ledger.imbalance(instance, {})
        for ref in instance.left + instance.right:
            # (Most cells of a failure reach no other: their corrections are not worked out.)
            if ref in reaching_two:
                mended = (ref, _mending(ledger, instance, ref, difference))
                if mended not in tried:
                    tried.add(mended)
                    consider(_with_totals(ledger, ref, mended[1], failed_keys), False)
    blanks: dict[tuple[int, str], list[Ref]] = {}
    for instance, terms in zip(failing, failing_terms):
        # (Each cell read off the failure's terms, which hold what it reads as: looked up by
        # reference, a cell of each 0 of the failures showed in profiles; and the blank ones
        # picked in C, a failure having a score of cells and, as a rule, no blank one,
        # ``benchmarks/instructions.py``.)
        for ref in compress(instance.left + instance.right, map(_IS_BLANK, map(_READING, terms))):
            if ref not in blanks.get((ref[0], ref[2]), ()):
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


def _reaching_two(ledger: Ledger, failing: list[Instance]) -> set[Ref]:
    """The cells of the ``failing`` instances a correction of which (``_with_totals``) may
    explain two failures or more.

    Such a correction changes the cell and at most the single total of each identity of the
    cell that held, and what it explains is among the failed identities of the cells it
    changes (``_verify``): the failures the cell takes part in, and those of each total it
    would move. Where those are fewer than two, the correction is not worth working out: a
    failure of a report has a score of cells, one or two of which reach another failure, and
    the Decimal arithmetic of a correction for each showed in profiles (``benchmarks/run.py``,
    text reports with a wrong cell).

    A total that a failed identity has moves with nothing (``_with_totals`` moves the totals
    of the identities that held): the cells of a failure reach another failure through the
    totals of the identities that held only. Where one cell's identities both failed (a
    wrong 总计 breaking its row and the balance of its column), the other cells of its row
    reached the balance through the row's total, and a correction was worked out, and
    verified, for each of them in vain: 184 corrections for the 82 of 400 generated text
    reports whose identities fail, 73 now.

    Worked out from the failures, as if every cell were trusted (``standing_alone``): that
    may find more than a correction explains, never less. The cells each failure reaches are
    gathered in one set, and the cells two of them reach found by intersecting, in C: a set
    of failures per cell, a score of them per failure, showed in profiles
    (``benchmarks/instructions.py``, text reports with a wrong cell)."""
    failed = {instance.key for instance in failing}
    reached: set[Ref] = set()  # (the cells the failures so far reach)
    twice: set[Ref] = set()
    for instance in failing:
        cells = set(instance.left + instance.right)
        for total_cells in ledger.standing_alone(instance.key[1], instance.left + instance.right, failed):
            cells.update(total_cells)
        twice |= reached & cells
        reached |= cells
    return twice


def _with_totals(ledger: Ledger, ref: Ref, value: Decimal, failed: set[tuple]) -> dict[Ref, Decimal] | None:
    """``ref`` set to ``value``, and the single total of each identity that held and would
    break moved by as much (a total that repeats the cell's error); None where the cell's
    value breaks an identity that has no such total."""
    corrected = {ref: value}
    for instance in ledger.touching(ref):
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
        for instance in ledger.touching(ref):
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
        for instance in ledger.touching(ref):
            if ledger.imbalance(instance, corrected) != 0:
                return None
            if instance.key in failed:
                explained.add(instance.key)
    return frozenset(explained)
