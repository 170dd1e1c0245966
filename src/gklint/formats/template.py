"""The canonical formats, read from ``rules.toml`` (and any extra TOML files a user names).

Nothing here knows a label or an identity: it only gives the data a shape, checks that the
shape is right (naming the key that is wrong), and lets a format extend another.
"""

from __future__ import annotations

import copy
import os
from typing import TYPE_CHECKING, Any, Container, Iterable

from gklint.errors import BilingualError
from gklint.filesystem import is_file
from gklint.records import Frozen, cached_property

if TYPE_CHECKING:
    from pathlib import Path

    from gklint.formats.recognition import Recognition

COLUMN_KINDS = ("count", "signed", "amount")
KEYED_LISTS = ("sections", "tables", "identities")


class TemplateError(BilingualError):
    """A template file is malformed; the message names the file and the key (``message_en``:
    the same in English, for a run in English)."""


class ColumnSpec(Frozen):
    key: str
    label: str
    group: str | None = None
    kind: str = "count"
    unit: str | None = None
    decimals: int | None = None
    variants: tuple[str, ...] = ()


class RowSpec(Frozen):
    key: str
    label: str
    parent: str | None = None
    data: bool = True
    unlabelled: bool = False
    variants: tuple[str, ...] = ()


class BlockSpec(Frozen):
    """A run of rows sharing one set of value columns (a sub-block of table 二, or a whole table)."""

    key: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    title: str | None = None
    label_header: str | None = None
    __slots__ = ("__dict__",)  # (for the cached properties below)

    @cached_property
    def data_rows(self) -> tuple[RowSpec, ...]:
        return tuple(row for row in self.rows if row.data)

    def row(self, key: str) -> RowSpec | None:
        return self._rows_by_key.get(key)

    @cached_property
    def _rows_by_key(self) -> dict[str, RowSpec]:
        by_key: dict[str, RowSpec] = {}
        for row in self.rows:
            by_key.setdefault(row.key, row)
        return by_key

    def column(self, key: str) -> ColumnSpec | None:
        return next((column for column in self.columns if column.key == key), None)

    def column_index(self, key: str) -> int | None:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        return None


class TableSpec(Frozen):
    key: str
    section: str
    title: str
    blocks: tuple[BlockSpec, ...]
    header_labels: tuple[str, ...] = ()
    __slots__ = ("__dict__",)  # (for the cached properties below)

    def block(self, key: str) -> BlockSpec | None:
        return self._blocks_by_key.get(key)

    @cached_property
    def _blocks_by_key(self) -> dict[str, BlockSpec]:
        by_key: dict[str, BlockSpec] = {}
        for block in self.blocks:
            by_key.setdefault(block.key, block)  # the first of a key, as a linear search finds
        return by_key

    @cached_property
    def header_texts(self) -> tuple[str, ...]:
        """Every text a header cell of this table may hold, canonical and variant."""
        texts: list[str] = list(self.header_labels)
        for block in self.blocks:
            if block.label_header:
                texts.append(block.label_header)
            for column in block.columns:
                texts.append(column.label)
                texts.extend(column.variants)
                if column.group:
                    texts.append(column.group)
        return tuple(dict.fromkeys(texts))


class SectionSpec(Frozen):
    """A section of a format.

    ``role``: what the section is for, in the words rules use (``problems``, ``other``...): a
    rule asks the format for the section with a role, so a variant may name and key its
    sections as it likes. ``page_words``/``page_within``: how a portal page's heading of the
    section is told from the page's menus and footers (see ``gklint.formats.recognition``).
    """

    key: str
    number: str
    title: str
    variants: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    role: str | None = None
    page_words: tuple[str, ...] = ()
    page_within: int = 0

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


class IdentitySpec(Frozen):
    """``sum(left) == sum(right)``, checked in every column (row sums) or every row (column sums)."""

    key: str
    code: str
    table: str
    block: str
    for_each: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    rows: tuple[str, ...] = ()
    description: str = ""
    # Where the identity is declared (``file: formats.2021.identities[3]``), for errors
    # found once the rules are known (see ``check_identity_codes``).
    origin: str = ""


class Template(Frozen):
    id: str
    name: str
    issued_by: str
    first_year: int | None
    last_year: int | None
    markers: tuple[str, ...]
    sections: tuple[SectionSpec, ...]
    tables: tuple[TableSpec, ...]
    identities: tuple[IdentitySpec, ...]

    def applies_to(self, year: int) -> bool:
        if self.first_year is not None and year < self.first_year:
            return False
        return self.last_year is None or year <= self.last_year

    def section(self, key: str) -> SectionSpec | None:
        return next((section for section in self.sections if section.key == key), None)

    def section_with_role(self, role: str) -> SectionSpec | None:
        """The section that plays ``role`` (``problems``, ``other``...) in this format."""
        return next((section for section in self.sections if section.role == role), None)

    def table(self, key: str) -> TableSpec | None:
        return next((table for table in self.tables if table.key == key), None)

    def identities_for(self, code: str) -> tuple[IdentitySpec, ...]:
        return tuple(identity for identity in self.identities if identity.code == code)

    @property
    def years_text(self) -> str:
        if self.last_year is None:
            return f"{self.first_year}年起"
        return f"{self.first_year}—{self.last_year}年"


# The ``--template`` (or ``template =``) that declares a report older than the 2019 format: no
# format's tables, rows or identities apply to it, only the checks that hold for any report.
LEGACY = "legacy"


class LegacySpec(Frozen):
    """Reports before the 2019 format: ``before_year``, the first year of a format;
    ``markers``, the texts of the old statistics tables; ``period_words``, the words that
    introduce the statistical period in the body (统计期限自2017年…), which tells the year
    of a report whose title does not."""

    before_year: int
    markers: tuple[str, ...]
    period_words: tuple[str, ...] = ()


class TitleSpec(Frozen):
    """How a report's title is told from other lines, and where the agency's name in it ends.

    ``words``: a line holding one of them is a title; ``subject``: what every title names
    (the agency's name stands before it); ``required``: the phrase a complete title holds
    (GK105); ``not_agency``: words a line holding only an agency's name never has;
    ``page_words``/``page_gap``: on a portal page, a title is the subject, at most
    ``page_gap`` characters, then one of ``page_words``.
    """

    words: tuple[str, ...]
    subject: str
    required: str = ""
    not_agency: tuple[str, ...] = ()
    page_words: tuple[str, ...] = ()
    page_gap: int = 0


class TemplateSet:
    """All formats known to a run, the legacy markers, the title words, and the default rule
    settings."""

    def __init__(
        self,
        formats: dict[str, Template],
        legacy: LegacySpec,
        rule_settings: dict[str, dict[str, Any]] | None = None,
        files: tuple[str, ...] = (),
        title: TitleSpec | None = None,
    ) -> None:
        self.formats = formats
        self.legacy = legacy
        self.rule_settings = {} if rule_settings is None else rule_settings
        self.files = files
        self.title = TitleSpec((), "") if title is None else title

    def __repr__(self) -> str:
        return (
            f"TemplateSet(formats={self.formats!r}, legacy={self.legacy!r}, "
            f"rule_settings={self.rule_settings!r}, files={self.files!r}, title={self.title!r})"
        )

    @cached_property
    def recognition(self) -> "Recognition":
        """What tells the report apart from other text on a page (section headings of every
        format, the title), built on first use: only loaders that read pages ask for it."""
        from gklint.formats.recognition import Recognition

        return Recognition(self.formats.values(), self.title)

    def for_year(self, year: int) -> Template | None:
        matching = [template for template in self.formats.values() if template.applies_to(year)]
        # A local variant (a format extending a built-in one) covers the same years; the
        # built-in order of the file decides, and config names a variant explicitly.
        return matching[0] if matching else None

    def latest(self) -> Template:
        return max(self.formats.values(), key=lambda template: template.first_year or 0)

    def get(self, format_id: str) -> Template:
        try:
            return self.formats[format_id]
        except KeyError:
            known, known_en = "、".join(self.formats), ", ".join(self.formats)
            raise TemplateError(
                f"未知的报告格式 {format_id!r}（已知：{known}）",
                f"unknown report format {format_id!r} (known: {known_en})",
            ) from None

    def check_choice(self, choice: str) -> None:
        """Raise ``TemplateError`` unless ``choice`` (``--template``) is ``auto``, ``legacy``
        or the id of a known format."""
        if choice not in ("auto", LEGACY):
            self.get(choice)

    def settings(self, code: str) -> dict[str, Any]:
        return self.rule_settings.get(code, {})


def check_identity_codes(templates: TemplateSet, registered: Container[str], checkers: Container[str]) -> None:
    """Raise a ``TemplateError`` naming the first identity that no rule would check.

    ``registered``: the codes of every rule the run knows; ``checkers``: those of the rules
    that check identities (``Rule.checks_identities``). An identity whose ``code`` is not a
    checker would never be checked and say nothing, so it is a configuration error.
    """
    for template in templates.formats.values():
        for identity in template.identities:
            if identity.code in checkers:
                continue
            if identity.code in registered:
                reason = f"规则 {identity.code} 不检查恒等式"
                reason_en = f"rule {identity.code} does not check identities"
            else:
                reason = f"没有代码为 {identity.code} 的规则"
                reason_en = f"no rule has the code {identity.code}"
            raise TemplateError(
                f"{identity.origin}.code: {reason}，此恒等式不会被检查",
                f"{identity.origin}.code: {reason_en}, so this identity would never be checked",
            )


def default_rules_file() -> str:
    """``str(default_rules_path())``, without pathlib in the common case (the packaged file)."""
    package = os.path.dirname(os.path.dirname(__file__))  # gklint/formats/template.py → gklint/
    packaged = os.path.join(package, "rules.toml")
    if is_file(packaged):
        return packaged
    checkout = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(package))), "rules.toml")
    if is_file(checkout):
        return checkout
    return str(default_rules_path())  # raises the TemplateError naming both


def default_rules_path() -> Path:
    """``rules.toml`` inside the installed package, else at the root of a source checkout."""
    from pathlib import Path

    packaged = Path(__file__).parent.parent / "rules.toml"
    if packaged.is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rules.toml"
    if checkout.is_file():
        return checkout
    raise TemplateError(
        f"找不到 rules.toml（查找了 {packaged} 和 {checkout}）",
        f"rules.toml not found (looked for {packaged} and {checkout})",
    )


_CACHE: dict[tuple[str, ...], TemplateSet] = {}


def load_templates(extra_files: Iterable[str | Path] = ()) -> TemplateSet:
    """Load the built-in formats, then merge each extra file over them, in order."""
    extra_files = tuple(extra_files)
    if extra_files:
        from pathlib import Path

        extra_files = tuple(str(Path(path)) for path in extra_files)
    paths = (default_rules_file(),) + extra_files
    cached = _CACHE.get(paths)
    if cached is not None:
        return cached
    merged: dict[str, Any] = {"formats": {}, "rules": {}, "legacy": None, "title": {}}
    for path in paths:
        document = _read_toml(path)
        _merge_file(merged, document, path)
    templates = _build_set(merged, paths)
    _CACHE[paths] = templates
    return templates


def _read_toml(path: str) -> dict[str, Any]:
    from gklint.formats.toml_cache import is_toml_error, read_toml  # parsed files are cached: see gklint.formats.toml_cache

    try:
        return read_toml(path)
    except OSError as error:
        raise TemplateError(
            f"{path}: 无法读取模板文件：{error.strerror}",
            f"{path}: cannot read the template file: {error.strerror}",
        ) from None
    except ValueError as error:  # tomllib.TOMLDecodeError
        if not is_toml_error(error):
            raise
        raise TemplateError(
            f"{path}: TOML 语法错误：{error}",
            f"{path}: TOML syntax error: {error}",
        ) from None


def _merge_file(merged: dict[str, Any], document: dict[str, Any], path: str) -> None:
    # [reports]: read by gklint.check.reports
    unknown = set(document) - {"schema", "formats", "rules", "legacy", "title", "reports"}
    if unknown:
        raise TemplateError(
            f"{path}: 未知的顶层键 {sorted(unknown)[0]!r}（允许：schema、formats、rules、legacy、title、reports）",
            f"{path}: unknown top-level key {sorted(unknown)[0]!r} (allowed: schema, formats, rules, legacy, title, reports)",
        )
    formats = _table_value(document.get("formats", {}), f"{path}: formats")
    for format_id, body in formats.items():
        body = dict(_table_value(body, f"{path}: formats.{format_id}"), _file=path)
        if format_id in merged["formats"] and "extends" not in body:
            # Restating a known format in a later file overrides it item by item.
            body = _merge_format(merged["formats"][format_id], body)
        merged["formats"][format_id] = body
    rules = _table_value(document.get("rules", {}), f"{path}: rules")
    for code, settings in rules.items():
        merged["rules"].setdefault(code, {}).update(_table_value(settings, f"{path}: rules.{code}"))
    if "legacy" in document:
        merged["legacy"] = dict(document["legacy"], _file=path)
    title = _table_value(document.get("title", {}), f"{path}: title")
    if title:
        # Key by key: a later file may change the title words and keep the rest.
        merged["title"].update(title, _file=path)


def _merge_format(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in override.items():
        if key in KEYED_LISTS and isinstance(value, list):
            result[key] = _merge_keyed(result.get(key, []), value)
        elif key != "extends":
            result[key] = value
    return result


def _merge_keyed(base: list[Any], override: list[Any]) -> list[Any]:
    """Items with the same ``key`` replace the parent's whole item; the others are added."""
    result = list(base)
    for item in override:
        key = item.get("key") if isinstance(item, dict) else None
        for index, existing in enumerate(result):
            if isinstance(existing, dict) and key is not None and existing.get("key") == key:
                result[index] = item
                break
        else:
            result.append(item)
    return result


def _build_set(merged: dict[str, Any], paths: tuple[str, ...]) -> TemplateSet:
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(format_id: str, chain: tuple[str, ...]) -> dict[str, Any]:
        if format_id in resolved:
            return resolved[format_id]
        body = merged["formats"][format_id]
        parent_id = body.get("extends")
        if parent_id is not None:
            where = f"{body['_file']}: formats.{format_id}.extends"
            if not isinstance(parent_id, str) or parent_id not in merged["formats"]:
                raise TemplateError(
                    f"{where}: 未知的格式 {parent_id!r}",
                    f"{where}: unknown format {parent_id!r}",
                )
            if parent_id in chain:
                raise TemplateError(
                    f"{where}: 循环继承（{' → '.join(chain + (parent_id,))}）",
                    f"{where}: circular inheritance ({' → '.join(chain + (parent_id,))})",
                )
            body = _merge_format(resolve(parent_id, chain + (parent_id,)), body)
        resolved[format_id] = body
        return body

    formats = {}
    for format_id in merged["formats"]:
        body = resolve(format_id, (format_id,))
        formats[format_id] = _build_template(format_id, body, f"{body.get('_file', paths[0])}: formats.{format_id}")
    if not formats:
        raise TemplateError(
            f"{paths[0]}: 没有定义任何报告格式（formats）",
            f"{paths[0]}: no report format is defined (formats)",
        )
    legacy_body = merged["legacy"] or {"before_year": 2019, "markers": []}
    where = f"{legacy_body.get('_file', paths[0])}: legacy"
    legacy = LegacySpec(
        before_year=_int(legacy_body, "before_year", where, required=True),
        markers=_strings(legacy_body, "markers", where),
        period_words=_strings(legacy_body, "period_words", where),
    )
    return TemplateSet(formats=formats, legacy=legacy, rule_settings=merged["rules"], files=paths,
                       title=_title(merged["title"], f"{merged['title'].get('_file', paths[0])}: title"))


def _title(body: dict[str, Any], where: str) -> TitleSpec:
    _check_keys(body, {"words", "subject", "required", "not_agency", "page_words", "page_gap", "_file"}, where)
    page_gap = _int(body, "page_gap", where) or 0
    if page_gap < 0:
        raise TemplateError(
            f"{where}.page_gap: 不能为负数",
            f"{where}.page_gap: must not be negative",
        )
    for key in ("words", "page_words"):
        if any(not word.strip() for word in _strings(body, key, where)):
            raise TemplateError(
                f"{where}.{key}: 不能含空字符串（空字符串与任何一行都相符）",
                f"{where}.{key}: must not hold an empty string (an empty string matches every line)",
            )
    return TitleSpec(
        words=_strings(body, "words", where),
        subject=_str(body, "subject", where, required=True),
        required=_str(body, "required", where, required=True),
        not_agency=_strings(body, "not_agency", where),
        page_words=_strings(body, "page_words", where),
        page_gap=page_gap,
    )


def _build_template(format_id: str, body: dict[str, Any], where: str) -> Template:
    _check_keys(body, {"name", "issued_by", "years", "markers", "sections", "tables", "identities", "extends", "_file"}, where)
    first_year, last_year = _years(body, where)
    sections = tuple(_section(item, f"{where}.sections[{index}]") for index, item in enumerate(_list(body, "sections", where)))
    tables = tuple(_table(item, f"{where}.tables[{index}]") for index, item in enumerate(_list(body, "tables", where)))
    identities = tuple(
        _identity(item, f"{where}.identities[{index}]") for index, item in enumerate(_list(body, "identities", where))
    )
    template = Template(
        id=format_id,
        name=_str(body, "name", where, required=True),
        issued_by=_str(body, "issued_by", where) or "",
        first_year=first_year,
        last_year=last_year,
        markers=_strings(body, "markers", where),
        sections=sections,
        tables=tables,
        identities=identities,
    )
    _check_references(template, where)
    return template


def _check_references(template: Template, where: str) -> None:
    section_keys = {section.key for section in template.sections}
    table_keys = {table.key for table in template.tables}
    _unique([section.key for section in template.sections], f"{where}.sections")
    roles: set[str] = set()
    for index, section in enumerate(template.sections):
        if section.role in roles:
            raise TemplateError(
                f"{where}.sections[{index}].role: 角色 {section.role!r} 已由另一章节担任",
                f"{where}.sections[{index}].role: role {section.role!r} is already played by another section",
            )
        if section.role is not None:
            roles.add(section.role)
    _unique([table.key for table in template.tables], f"{where}.tables")
    for index, section in enumerate(template.sections):
        for table_key in section.tables:
            if table_key not in table_keys:
                raise TemplateError(
                    f"{where}.sections[{index}].tables: 未定义的表格 {table_key!r}",
                    f"{where}.sections[{index}].tables: undefined table {table_key!r}",
                )
    for index, table in enumerate(template.tables):
        if table.section not in section_keys:
            raise TemplateError(
                f"{where}.tables[{index}].section: 未定义的章节 {table.section!r}",
                f"{where}.tables[{index}].section: undefined section {table.section!r}",
            )
        _unique([block.key for block in table.blocks], f"{where}.tables[{index}].blocks")
        for block_index, block in enumerate(table.blocks):
            block_where = f"{where}.tables[{index}].blocks[{block_index}]"
            _unique([row.key for row in block.rows], f"{block_where}.rows")
            _unique([column.key for column in block.columns], f"{block_where}.columns")
            row_keys = {row.key for row in block.rows}
            for row_index, row in enumerate(block.rows):
                if row.parent is not None and row.parent not in row_keys:
                    raise TemplateError(
                        f"{block_where}.rows[{row_index}].parent: 未定义的行 {row.parent!r}",
                        f"{block_where}.rows[{row_index}].parent: undefined row {row.parent!r}",
                    )
    for index, identity in enumerate(template.identities):
        identity_where = f"{where}.identities[{index}]"
        table = template.table(identity.table)
        if table is None:
            raise TemplateError(
                f"{identity_where}.table: 未定义的表格 {identity.table!r}",
                f"{identity_where}.table: undefined table {identity.table!r}",
            )
        block = table.block(identity.block)
        if block is None:
            raise TemplateError(
                f"{identity_where}.block: 表格 {identity.table!r} 中没有子表 {identity.block!r}",
                f"{identity_where}.block: table {identity.table!r} has no block {identity.block!r}",
            )
        if identity.for_each == "column":
            valid = {row.key for row in block.data_rows}
            kind, kind_en = "数据行", "data row"
        else:
            valid = {column.key for column in block.columns}
            kind, kind_en = "列", "column"
        for side in ("left", "right"):
            for key in getattr(identity, side):
                if key not in valid:
                    raise TemplateError(
                        f"{identity_where}.{side}: {kind} {key!r} 不在 {identity.table}.{identity.block} 中",
                        f"{identity_where}.{side}: {kind_en} {key!r} is not in {identity.table}.{identity.block}",
                    )
        for key in identity.rows:
            if key not in {row.key for row in block.data_rows}:
                raise TemplateError(
                    f"{identity_where}.rows: 数据行 {key!r} 不在 {identity.table}.{identity.block} 中",
                    f"{identity_where}.rows: data row {key!r} is not in {identity.table}.{identity.block}",
                )


def _section(item: Any, where: str) -> SectionSpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "number", "title", "variants", "tables", "role", "page_words", "page_within"}, where)
    page_within = _int(item, "page_within", where) or 0
    if page_within < 0:
        raise TemplateError(
            f"{where}.page_within: 不能为负数",
            f"{where}.page_within: must not be negative",
        )
    if any(not word.strip() for word in _strings(item, "page_words", where)):
        raise TemplateError(
            f"{where}.page_words: 不能含空字符串（空字符串与任何标题都相符）",
            f"{where}.page_words: must not hold an empty string (an empty string matches every heading)",
        )
    return SectionSpec(
        key=_str(item, "key", where, required=True),
        number=_str(item, "number", where, required=True),
        title=_str(item, "title", where, required=True),
        variants=_strings(item, "variants", where),
        tables=_strings(item, "tables", where),
        role=_str(item, "role", where),
        page_words=_strings(item, "page_words", where),
        page_within=page_within,
    )


def _table(item: Any, where: str) -> TableSpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "section", "title", "blocks", "header_labels"}, where)
    blocks = tuple(_block(block, f"{where}.blocks[{index}]") for index, block in enumerate(_list(item, "blocks", where)))
    if not blocks:
        raise TemplateError(
            f"{where}.blocks: 表格至少要有一个子表（block）",
            f"{where}.blocks: a table needs at least one block",
        )
    return TableSpec(
        key=_str(item, "key", where, required=True),
        section=_str(item, "section", where, required=True),
        title=_str(item, "title", where) or "",
        blocks=blocks,
        header_labels=_strings(item, "header_labels", where),
    )


def _block(item: Any, where: str) -> BlockSpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "title", "label_header", "columns", "rows"}, where)
    columns = tuple(_column(column, f"{where}.columns[{index}]") for index, column in enumerate(_list(item, "columns", where)))
    rows = tuple(_row(row, f"{where}.rows[{index}]") for index, row in enumerate(_list(item, "rows", where)))
    if not columns:
        raise TemplateError(
            f"{where}.columns: 子表至少要有一列",
            f"{where}.columns: a block needs at least one column",
        )
    if not rows:
        raise TemplateError(
            f"{where}.rows: 子表至少要有一行",
            f"{where}.rows: a block needs at least one row",
        )
    return BlockSpec(
        key=_str(item, "key", where, required=True),
        title=_str(item, "title", where),
        label_header=_str(item, "label_header", where),
        columns=columns,
        rows=rows,
    )


def _column(item: Any, where: str) -> ColumnSpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "label", "group", "kind", "unit", "decimals", "variants"}, where)
    kind = _str(item, "kind", where) or "count"
    if kind not in COLUMN_KINDS:
        raise TemplateError(
            f"{where}.kind: {kind!r} 不是合法的列类型（{'、'.join(COLUMN_KINDS)}）",
            f"{where}.kind: {kind!r} is not a column kind ({', '.join(COLUMN_KINDS)})",
        )
    return ColumnSpec(
        key=_str(item, "key", where, required=True),
        label=_str(item, "label", where, required=True),
        group=_str(item, "group", where),
        kind=kind,
        unit=_str(item, "unit", where),
        decimals=_int(item, "decimals", where),
        variants=_strings(item, "variants", where),
    )


def _row(item: Any, where: str) -> RowSpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "label", "parent", "data", "unlabelled", "variants"}, where)
    unlabelled = _bool(item, "unlabelled", where, False)
    label = _str(item, "label", where, required=not unlabelled) or ""
    return RowSpec(
        key=_str(item, "key", where, required=True),
        label=label,
        parent=_str(item, "parent", where),
        data=_bool(item, "data", where, True),
        unlabelled=unlabelled,
        variants=_strings(item, "variants", where),
    )


def _identity(item: Any, where: str) -> IdentitySpec:
    item = _table_value(item, where)
    _check_keys(item, {"key", "code", "table", "block", "for_each", "left", "right", "rows", "description"}, where)
    for_each = _str(item, "for_each", where, required=True)
    if for_each not in ("column", "row"):
        raise TemplateError(
            f"{where}.for_each: 应为 \"column\" 或 \"row\"，而不是 {for_each!r}",
            f"{where}.for_each: should be \"column\" or \"row\", not {for_each!r}",
        )
    left, right = _strings(item, "left", where), _strings(item, "right", where)
    if not left or not right:
        raise TemplateError(
            f"{where}: 恒等式的 left 和 right 都不能为空",
            f"{where}: an identity needs both left and right",
        )
    code = _str(item, "code", where, required=True)
    if not (len(code) == 5 and code.startswith("GK") and code[2:].isdigit()):
        raise TemplateError(
            f"{where}.code: {code!r} 不是规则代码（形如 GK305）",
            f"{where}.code: {code!r} is not a rule code (like GK305)",
        )
    return IdentitySpec(
        key=_str(item, "key", where, required=True),
        code=code,
        table=_str(item, "table", where, required=True),
        block=_str(item, "block", where, required=True),
        for_each=for_each,
        left=left,
        right=right,
        rows=_strings(item, "rows", where),
        description=_str(item, "description", where) or "",
        origin=where,
    )


def _years(body: dict[str, Any], where: str) -> tuple[int | None, int | None]:
    text = _str(body, "years", where, required=True)
    first, sep, last = text.partition("-")
    try:
        first_year = int(first)
        last_year = int(last) if last else (None if sep else first_year)
    except ValueError:
        raise TemplateError(
            f"{where}.years: {text!r} 应形如 \"2019-2020\" 或 \"2021-\"",
            f"{where}.years: {text!r} should look like \"2019-2020\" or \"2021-\"",
        ) from None
    return first_year, last_year


def _check_keys(item: dict[str, Any], allowed: set[str], where: str) -> None:
    for key in item:
        if key not in allowed:
            raise TemplateError(
                f"{where}: 未知的键 {key!r}（允许：{'、'.join(sorted(k for k in allowed if not k.startswith('_')))}）",
                f"{where}: unknown key {key!r} (allowed: {', '.join(sorted(k for k in allowed if not k.startswith('_')))})",
            )


def _table_value(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise TemplateError(
            f"{where}: 应为表（table），而不是 {type(item).__name__}",
            f"{where}: should be a table, not {type(item).__name__}",
        )
    return item


def _list(item: dict[str, Any], key: str, where: str) -> list[Any]:
    value = item.get(key, [])
    if not isinstance(value, list):
        raise TemplateError(
            f"{where}.{key}: 应为数组",
            f"{where}.{key}: should be an array",
        )
    return value


def _str(item: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = item.get(key)
    if value is None:
        if required:
            raise TemplateError(
                f"{where}: 缺少必需的键 {key!r}",
                f"{where}: missing required key {key!r}",
            )
        return None
    if not isinstance(value, str):
        raise TemplateError(
            f"{where}.{key}: 应为字符串，而不是 {type(value).__name__}",
            f"{where}.{key}: should be a string, not {type(value).__name__}",
        )
    if required and not value.strip():
        raise TemplateError(
            f"{where}.{key}: 不能为空",
            f"{where}.{key}: must not be empty",
        )
    return value


def _strings(item: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise TemplateError(
            f"{where}.{key}: 应为字符串数组",
            f"{where}.{key}: should be an array of strings",
        )
    return tuple(value)


def _int(item: dict[str, Any], key: str, where: str, required: bool = False) -> int | None:
    value = item.get(key)
    if value is None:
        if required:
            raise TemplateError(
                f"{where}: 缺少必需的键 {key!r}",
                f"{where}: missing required key {key!r}",
            )
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise TemplateError(
            f"{where}.{key}: 应为整数",
            f"{where}.{key}: should be an integer",
        )
    return value


def _bool(item: dict[str, Any], key: str, where: str, default: bool) -> bool:
    value = item.get(key, default)
    if not isinstance(value, bool):
        raise TemplateError(
            f"{where}.{key}: 应为 true 或 false",
            f"{where}.{key}: should be true or false",
        )
    return value


def _unique(keys: list[str], where: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise TemplateError(
                f"{where}: 键 {key!r} 重复",
                f"{where}: duplicate key {key!r}",
            )
        seen.add(key)
