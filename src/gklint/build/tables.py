"""Tables: recognise which canonical table a grid is, undo copy-paste damage, match rows.

Tab-separated renderings lose the grid: a merged label cell becomes empty cells or vanishes,
a block narrower than its table ends in empty cells, one renderer puts an empty cell between
the labels and the values. The repair reads each row as *labels, then values*: the labels
are the text cells before the first value, and the value cells are read from the table's own
convention, learned from its well-formed rows, never guessed row by row.
"""

from __future__ import annotations

from gklint.blocks import CellBlock, TableBlock
from gklint.matching import LabelMatch, LabelMatcher, normalize, numbering_length
from gklint.numbers import _parse_short_value, looks_like_value, parse_value
from gklint.records import Frozen, set_field
from gklint.template import BlockSpec, TableSpec, Template
from gklint.tree import Cell, HeaderCell, Label, Row, Table


class TableMatchers(Frozen):
    """The matchers for one canonical table: block titles, header cells and row labels."""

    # ``counts_may_match``: whether a cell of digits alone could match one of its labels
    # (``LabelMatcher.may_match_numbers``), derived once with the matchers.
    __slots__ = _fields = ("spec", "titles", "headers", "rows", "counts_may_match")

    def __init__(self, spec: TableSpec, titles: LabelMatcher, headers: LabelMatcher, rows: LabelMatcher) -> None:
        set_field(self, "spec", spec)
        set_field(self, "titles", titles)
        set_field(self, "headers", headers)
        set_field(self, "rows", rows)
        set_field(self, "counts_may_match", any(matcher.may_match_numbers() for matcher in (titles, headers, rows)))

    def block_and_row(self, key: str) -> tuple[BlockSpec, str]:
        block_key, row_key = key.split("/", 1)
        block = self.spec.block(block_key)
        assert block is not None
        return block, row_key


# Keyed by identity: hashing a TableSpec walks its whole tree of blocks, rows and columns,
# which cost more than the lookup saves (templates live as long as the process).
_MATCHERS: dict[int, tuple[TableSpec, TableMatchers]] = {}


def matchers_for(spec: TableSpec) -> TableMatchers:
    cached = _MATCHERS.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    if len(_MATCHERS) >= 256:
        _MATCHERS.clear()
    matchers = _build_matchers(spec)
    _MATCHERS[id(spec)] = (spec, matchers)
    return matchers


def _build_matchers(spec: TableSpec) -> TableMatchers:
    titles = LabelMatcher((block.key, block.title, ()) for block in spec.blocks if block.title)
    header_entries: dict[str, list[str]] = {}
    for text in spec.header_labels:
        header_entries.setdefault(text, [])
    for block in spec.blocks:
        if block.label_header:
            header_entries.setdefault(block.label_header, [])
        for column in block.columns:
            header_entries.setdefault(column.label, []).extend(column.variants)
            if column.group:
                header_entries.setdefault(column.group, [])
    headers = LabelMatcher((text, text, variants) for text, variants in header_entries.items())
    rows = LabelMatcher(
        (f"{block.key}/{row.key}", row.label, row.variants) for block in spec.blocks for row in block.rows if row.label
    )
    return TableMatchers(spec, titles, headers, rows)


def cell_texts(block: TableBlock) -> list[str]:
    return [cell.text.text for row in block.rows for cell in row if not cell.merged and cell.text.text.strip()]


def identify(block: TableBlock, template: Template, section_key: str | None,
             texts: set[str] | None = None) -> TableSpec | None:
    """The canonical table this grid shows: the one most of its texts belong to.
    ``texts``: the normalized cell texts of the block, when the caller has them."""
    texts = {normalize(text) for text in cell_texts(block)} if texts is None else texts
    if not _numbers_may_match(template):
        # Counts score nothing, and without them the texts of a table repeat from report to
        # report: the answer is remembered.
        texts = {text for text in texts if not text.isdecimal()}
    key = (id(template), frozenset(texts), section_key)
    cached = _IDENTIFIED.get(key)
    if cached is not None and cached[0] is template:
        return cached[1]
    spec = _identify(template, texts, section_key)
    if len(_IDENTIFIED) >= 512:  # (a few label sets make most reports: a small memory will do)
        _IDENTIFIED.clear()
    _IDENTIFIED[key] = (template, spec)
    return spec


# (template id, texts, section) → (template, the table identified); the template is kept to
# tell a reused id from the same template.
_IDENTIFIED: dict[tuple[int, frozenset[str], str | None], tuple[Template, TableSpec | None]] = {}


def _numbers_may_match(template: Template) -> bool:
    return any(matchers_for(spec).counts_may_match for spec in template.tables)


def _identify(template: Template, texts: set[str], section_key: str | None) -> TableSpec | None:
    best: tuple[float, TableSpec] | None = None
    for spec in template.tables:
        matchers = matchers_for(spec)
        score = 0.0
        for text in texts:
            if not text:
                continue
            if matchers.rows.match(text) or matchers.titles.match(text):
                score += 1
            elif matchers.headers.match(text):
                score += 0.5
        if spec.section == section_key:
            score += 1
        if best is None or score > best[0]:
            best = (score, spec)
    if best is None or best[0] < 2:
        return None
    return best[1]


def rejoin_broken_cells(block: TableBlock, spec: TableSpec) -> TableBlock:
    """Undo a line break typed inside a cell of a tab-separated table: the cell's text ends
    one line and begins the next (``信息内容	本年新`` / ``制作数量	本年新公开数量	…``).

    Two lines are joined only when the last cell of one and the first cell of the next read
    as a canonical label together and as none apart.
    """
    if block.gridded or len(block.rows) < 2:
        return block
    matchers = matchers_for(spec)

    def canonical(text: str) -> bool:
        for matcher in (matchers.rows, matchers.headers, matchers.titles):
            match = matcher.match(text)
            if match is not None and match.exact:
                return True
        return False

    rows = [list(cells) for cells in block.rows]
    spans = list(block.row_spans)
    index = 0
    while index + 1 < len(rows):
        upper, lower = rows[index], rows[index + 1]
        tail = upper[-1] if upper else None
        head = lower[0] if lower else None
        if (
            tail is not None and head is not None
            and tail.text.text and head.text.text
            and not looks_like_value(tail.text.text) and not looks_like_value(head.text.text)
            and not canonical(tail.text.text) and not canonical(head.text.text)
            and canonical(tail.text.text + head.text.text)
        ):
            gap = (tail.text.span.end, head.text.span.start)
            joined = CellBlock(tail.text.joined(head.text, "\n", gap), logical=tail.logical)
            rows[index] = upper[:-1] + [joined] + lower[1:]
            spans[index] = spans[index].cover(spans[index + 1])
            del rows[index + 1], spans[index + 1]
            continue
        index += 1
    return TableBlock(rows=rows, row_spans=spans, gridded=block.gridded, logical=block.logical)


def build_table(block: TableBlock, spec: TableSpec | None, section_key: str | None) -> Table:
    if spec is not None:
        block = rejoin_broken_cells(block, spec)
    rows = [
        Row(index=index, cells=_cells(cells), span=block.row_spans[index], logical=_row_logical(cells))
        for index, cells in enumerate(block.rows)
    ]
    table = Table(rows=rows, span=block.span, key=spec.key if spec else None, section=section_key,
                  gridded=block.gridded, logical=block.logical)
    if spec is None:
        return table
    matchers = matchers_for(spec)
    tails: dict[int, list[Cell]] = {}
    current: BlockSpec | None = spec.blocks[0] if len(spec.blocks) == 1 else None
    for row in rows:
        current = _classify(row, matchers, current, tails)
    for row, block, read in _learn_layout(rows, spec, tails):
        _set_values(row, block, read)
    return table


def _cells(cells) -> list[Cell]:
    out = []
    for cell in cells:
        if cell.merged or cell.missing:
            continue
        text = cell.text
        raw = text.text
        # (parse_value's own test, without the extra call: short cells are read once per process)
        out.append(Cell(text, _parse_short_value(raw) if len(raw) <= 32 else parse_value(raw), None, cell.logical))
    return out


def _row_logical(cells) -> str | None:
    for cell in cells:
        if cell.logical:
            return cell.logical.rsplit(" ", 1)[0] if " " in cell.logical else cell.logical
    return None


def _is_value(cell: Cell) -> bool:
    return cell.value.kind in ("number", "symbol")


def _names_data_row(label: Label, matchers: TableMatchers) -> bool:
    if label.match is None:
        return False
    block, row_key = matchers.block_and_row(label.match.key)
    row_spec = block.row(row_key)
    return row_spec is not None and row_spec.data


def _classify(row: Row, matchers: TableMatchers, current: BlockSpec | None, tails: dict[int, list[Cell]]) -> BlockSpec | None:
    """Set the row's kind, block, labels and key; return the block that rows below belong to."""
    spec = matchers.spec
    filled = [cell for cell in row.cells if not cell.value.is_blank]
    if not filled:
        # A blank row is the unlabelled data row of table 四 when that is what the block
        # expects (writers leave zeros blank); otherwise it is spacing.
        block = current or (spec.blocks[0] if len(spec.blocks) == 1 else None)
        unlabelled = next((candidate for candidate in block.rows if candidate.unlabelled), None) if block else None
        if unlabelled is not None and len(row.cells) >= len(block.columns):
            row.kind, row.block, row.key = "data", block.key, unlabelled.key
            tails[row.index] = row.cells
            return block
        row.kind = "empty"
        return current
    first = filled[0]
    title = matchers.titles.match(first.text.text) if not _is_value(first) else None
    if title is not None and all(not _is_value(cell) for cell in filled[1:]) and len(filled) <= 2:
        row.kind = "title"
        row.block = title.key
        row.labels = [Label(first, numbering_length(first.text.text), title)]
        return spec.block(title.key)
    if not any(_is_value(cell) for cell in filled):
        header_matches = [(cell, matchers.headers.match(cell.text.text)) for cell in filled]
        matched = sum(1 for _, match in header_matches if match is not None)
        row_label_matches = sum(1 for cell in filled if matchers.rows.match(cell.text.text))
        if matched and matched * 2 >= len(filled) and matched > row_label_matches:
            row.kind = "header"
            row.block = current.key if current else None
            row.headers = [HeaderCell(cell, match) for cell, match in header_matches]
            return current
    last_label_index = -1
    labels: list[Label] = []
    for index, cell in enumerate(row.cells):
        if cell.value.is_blank:
            continue
        if _is_value(cell) or (labels and _names_data_row(labels[-1], matchers)):
            # After the label of a data row come its values, text or not (五十八 is a value).
            break
        labels.append(Label(cell, numbering_length(cell.text.text), matchers.rows.match(cell.text.text)))
        last_label_index = index
    row.labels = labels
    tails[row.index] = row.cells[last_label_index + 1:]
    data_match: LabelMatch | None = None
    for label in labels:
        if label.match is None:
            continue
        block, row_key = matchers.block_and_row(label.match.key)
        row_spec = block.row(row_key)
        if row_spec is not None and row_spec.data:
            data_match = label.match
        else:
            row.label_keys.append(row_key)
            current = block
    if labels and labels[-1].match is None:
        row.kind = "unknown"
        row.block = current.key if current else None
        return current
    if data_match is not None:
        block, row_key = matchers.block_and_row(data_match.key)
        row.kind, row.block, row.key = "data", block.key, row_key
        return block
    if labels:
        row.kind = "label"
        row.block = current.key if current else None
        return current
    unlabelled_block = current or (spec.blocks[0] if len(spec.blocks) == 1 else None)
    if unlabelled_block is not None:
        unlabelled = next((candidate for candidate in unlabelled_block.rows if candidate.unlabelled), None)
        if unlabelled is not None:
            row.kind, row.block, row.key = "data", unlabelled_block.key, unlabelled.key
            return unlabelled_block
    row.kind = "unknown"
    return current


class Layout(Frozen):
    """Where a rendering puts a row's values: at a fixed grid column (``anchor == "grid"``,
    a padded or gridded table) or a fixed number of empty cells after the last label
    (``anchor == "label"``, the way some web-to-text copies lay rows out)."""

    __slots__ = _fields = ("anchor", "offset")

    def __init__(self, anchor: str, offset: int) -> None:
        set_field(self, "anchor", anchor)
        set_field(self, "offset", offset)


def _tails(row: Row, tails: dict[int, list[Cell]]) -> tuple[int, list[Cell]]:
    tail = tails[row.index]
    return len(row.cells) - len(tail), tail


def _learn_layout(rows: list[Row], spec: TableSpec, tails: dict[int, list[Cell]]):
    """The layout that reads the most data rows of this table cleanly, tried among those
    suggested by its rows that hold exactly one value per column; returns (row, block, read)
    of every data row as that layout reads it."""
    candidates: set[Layout] = {Layout("grid", 0), Layout("label", 0)}
    # (row, block, first, tail) of every data row, looked up once for all the candidates.
    reads = []
    for row in rows:
        if row.kind != "data" or row.block is None:
            continue
        block = spec.block(row.block)
        if not block:
            continue
        first, tail = _tails(row, tails)
        reads.append((row, block, first, tail))
        filled = [index for index, cell in enumerate(tail) if not cell.value.is_blank]
        if len(filled) == len(block.columns) and filled[-1] - filled[0] + 1 == len(filled):
            candidates.add(Layout("grid", first + filled[0]))
            candidates.add(Layout("label", filled[0]))
    best: list[tuple[Row, BlockSpec, tuple]] = []
    best_score = -1
    for layout in sorted(candidates, key=lambda layout: (layout.anchor != "grid", layout.offset)):
        read_rows = [(row, block, _read(row, block, first, tail, layout)) for row, block, first, tail in reads]
        score = sum(1 for _, _, read in read_rows if read[0] == "ok")
        if score > best_score:
            best, best_score = read_rows, score
        if score == len(reads):
            break  # reads every row cleanly: no layout can do better
    return best


def _read(row: Row, block: BlockSpec, first: int, tail: list[Cell], layout: Layout):
    """(shape, values or None, value cells) of a row read with a layout."""
    width = len(block.columns)
    if layout.anchor == "grid":
        skip = layout.offset - first
        if skip < 0 or any(not cell.value.is_blank for cell in tail[:skip]):
            return _read_by_count(tail, width)
        remainder = tail[skip:]
    else:
        leading_blanks = 0
        while leading_blanks < len(tail) and tail[leading_blanks].value.is_blank:
            leading_blanks += 1
        remainder = tail[min(layout.offset, leading_blanks):]
    filled = [index for index, cell in enumerate(remainder) if not cell.value.is_blank]
    if width == 1 and len(filled) == 1 and filled[0] > 0:
        # One value merged over several columns (2021 （五）行政许可) may sit in any of them.
        remainder = remainder[filled[0]:]
        filled = [0]
    used = (filled[-1] + 1) if filled else 0
    if used > width:
        return "long", None, remainder[:used]
    if len(remainder) < width:
        return "short", None, remainder
    return "ok", remainder[:width], remainder[:width]


def _read_by_count(tail: list[Cell], width: int):
    """A row that does not fit the table's layout: judge it by how many values it holds."""
    filled = [index for index, cell in enumerate(tail) if not cell.value.is_blank]
    if not filled:
        return "short", None, []
    cells = tail[filled[0]:filled[-1] + 1]
    if len(cells) > width:
        return "long", None, cells
    if len(cells) < width:
        return "short", None, cells
    return "ok", cells, cells


def _set_values(row: Row, block: BlockSpec, read: tuple) -> None:
    shape, values, value_cells = read
    row.shape = shape
    row.value_cells = list(value_cells)
    if values is not None:
        for cell, column in zip(values, block.columns):
            cell.column = column.key
        row.values = list(values)
