"""A generator of realistic annual reports, for the benchmark and the parallel/robustness tests.

Every report starts from one of the two clean fixtures (``tests/fixtures/reports/clean-2019.txt``
for report years 2019–2020, ``clean-2021.txt`` for 2021–2024) and is then varied with a fixed
seed, the way real reports differ from one another:

- the agency (city or county × bureau) and the year, in the title and throughout the text;
- the numbers: every table value is multiplied by one factor (the arithmetic identities still
  hold) and, in some reports, one value is nudged so that an identity breaks;
- typos in row labels (a character dropped, doubled or replaced), blank cells where a zero
  was, a missing section, a table cut short;
- the tab layout of each table (merged label cells left as empty cells, dropped, or an extra
  empty cell between labels and values), CRLF line endings, GB18030 encoding;
- the file format: plain text (tab-separated tables), Markdown (``#`` headings and pipe
  tables) or HTML (``<h2>``, ``<p>``, ``<table>``).

``generate(count, seed)`` yields ``(file name, bytes)``; the same arguments give the same bytes.
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "reports"

PLACES = ("青山县", "白河市", "临江区", "松岭县", "东湖区", "北川县", "南屏市", "石门县", "云溪区", "桃源县",
          "长宁市", "西平县", "安远县", "金水区", "龙泉市", "清河县")
BUREAUS = ("自然资源局", "生态环境局", "教育局", "卫生健康委员会", "住房和城乡建设局", "交通运输局", "农业农村局",
           "市场监督管理局", "人力资源和社会保障局", "财政局", "民政局", "文化和旅游局", "人民政府办公室", "应急管理局")
SECTION_HEADING = re.compile(r"^[一二三四五六]、")
NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
TYPO_SWAPS = {"以": "已", "理": "里", "申": "伸", "处": "外", "复": "复复", "政": "正", "开": "", "息": "",
              "结": "接", "法": "发", "其": "期", "计": "记", "数": "树"}
FORMATS = (("txt", 0.5), ("md", 0.25), ("html", 0.25))


def _base(fmt: str) -> tuple[str, str, str]:
    """(text, agency, year) of a clean fixture."""
    text = (FIXTURES / f"clean-{fmt}.txt").read_text(encoding="utf-8")
    title = text.splitlines()[0]
    match = re.match(r"(.+?)(\d{4})年", title)
    assert match, title
    return text, match.group(1), match.group(2)


_BASES: dict[str, tuple[str, str, str]] = {}


def base(fmt: str) -> tuple[str, str, str]:
    if fmt not in _BASES:
        _BASES[fmt] = _base(fmt)
    return _BASES[fmt]


def _scale(cell: str, factor: int) -> str:
    if not NUMBER.match(cell):
        return cell
    if "." in cell:
        decimals = len(cell.split(".")[1])
        return f"{float(cell) * factor:.{decimals}f}"
    return str(int(cell) * factor)


def _vary_lines(lines: list[str], rng: random.Random, flaws: list[str]) -> list[str]:
    """Numbers, typos, blanks, missing sections and tab layouts, on the lines of a text report."""
    factor = rng.choice((1, 1, 2, 3, 5, 7))
    nudge = rng.random() < 0.3
    typo = rng.random() < 0.25
    blanks = rng.random() < 0.2
    if factor != 1:
        flaws.append(f"scaled×{factor}")
    # A missing section: drop a heading and everything up to the next one.
    if rng.random() < 0.1:
        headings = [index for index, line in enumerate(lines) if SECTION_HEADING.match(line)]
        if headings:
            pick = rng.randrange(len(headings))
            start = headings[pick]
            end = headings[pick + 1] if pick + 1 < len(headings) else len(lines)
            lines = lines[:start] + lines[end:]
            flaws.append("missing-section")
    # A table cut short.
    if rng.random() < 0.05:
        rows = [index for index, line in enumerate(lines) if "\t" in line]
        if rows:
            cut = rng.choice(rows)
            lines = lines[:cut] + [line for line in lines[cut:] if "\t" not in line]
            flaws.append("truncated-table")
    out: list[str] = []
    table_layout = None
    number_cells: list[tuple[int, int]] = []
    label_cells: list[tuple[int, int]] = []
    for line in lines:
        if "\t" not in line:
            table_layout = None
            out.append(line)
            continue
        if table_layout is None:
            table_layout = rng.choice(("as-is", "as-is", "drop-leading", "extra-gap", "pad"))
        cells = [_scale(cell, factor) for cell in line.split("\t")]
        if table_layout == "drop-leading":
            while len(cells) > 1 and not cells[0]:
                cells.pop(0)
        elif table_layout == "extra-gap":
            first_value = next((i for i, cell in enumerate(cells) if NUMBER.match(cell)), None)
            if first_value:
                cells.insert(first_value, "")
        elif table_layout == "pad":
            cells.append("")
        for index, cell in enumerate(cells):
            if NUMBER.match(cell):
                number_cells.append((len(out), index))
            elif len(cell) >= 4:
                label_cells.append((len(out), index))
        out.append("\t".join(cells))
    if nudge and number_cells:
        row, column = rng.choice(number_cells)
        cells = out[row].split("\t")
        if "." not in cells[column]:
            cells[column] = str(int(cells[column]) + rng.randint(1, 5))
            out[row] = "\t".join(cells)
            flaws.append("identity-broken")
    if typo and label_cells:
        row, column = rng.choice(label_cells)
        cells = out[row].split("\t")
        label = cells[column]
        positions = [i for i, char in enumerate(label) if char in TYPO_SWAPS]
        if positions:
            i = rng.choice(positions)
            cells[column] = label[:i] + TYPO_SWAPS[label[i]] + label[i + 1:]
            out[row] = "\t".join(cells)
            flaws.append("label-typo")
    if blanks and number_cells:
        for row, column in rng.sample(number_cells, min(3, len(number_cells))):
            cells = out[row].split("\t")
            if column < len(cells) and cells[column] == "0":
                cells[column] = ""
                out[row] = "\t".join(cells)
        flaws.append("blanks")
    return out


def _markdown(lines: list[str]) -> str:
    out: list[str] = []
    in_table = False
    for number, line in enumerate(lines):
        if "\t" in line:
            cells = [cell.replace("|", "\\|") for cell in line.split("\t")]
            out.append("| " + " | ".join(cells) + " |")
            if not in_table:
                out.append("|" + "|".join("---" for _ in cells) + "|")
            in_table = True
            continue
        in_table = False
        if number == 0 and line:
            out.append("# " + line)
        elif SECTION_HEADING.match(line) and len(line) < 40:
            out.append("## " + line)
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _html(lines: list[str], title: str) -> str:
    out = ['<!DOCTYPE html>', '<html lang="zh-CN">', '<head><meta charset="utf-8">',
           f"<title>{html.escape(title)}</title></head>", "<body>", '<div class="article">']
    in_table = False
    for number, line in enumerate(lines):
        if "\t" in line:
            if not in_table:
                out.append('<table border="1" cellspacing="0">')
                in_table = True
            cells = "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t"))
            out.append(f"<tr>{cells}</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if not line.strip():
            continue
        if number == 0:
            out.append(f"<h1>{html.escape(line)}</h1>")
        elif SECTION_HEADING.match(line) and len(line) < 40:
            out.append(f"<h2>{html.escape(line)}</h2>")
        else:
            out.append(f"<p>{html.escape(line)}</p>")
    if in_table:
        out.append("</table>")
    out += ["</div>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def report(rng: random.Random, fmt: str | None = None) -> tuple[str, bytes, dict]:
    """One report: (file suffix, bytes, facts about it)."""
    year = rng.randint(2019, 2024)
    text, agency, base_year = base("2019" if year <= 2020 else "2021")
    new_agency = rng.choice(PLACES) + rng.choice(BUREAUS)
    text = text.replace(agency, new_agency).replace(base_year, str(year)).replace(str(int(base_year) - 1), str(year - 1))
    flaws: list[str] = []
    lines = _vary_lines(text.split("\n"), rng, flaws)
    if fmt is None:
        roll = rng.random()
        fmt = "txt" if roll < 0.5 else "md" if roll < 0.75 else "html"
    if fmt == "md":
        body = _markdown(lines)
    elif fmt == "html":
        body = _html(lines, lines[0] if lines else "")
    else:
        body = "\n".join(lines)
    newline_crlf = fmt != "html" and rng.random() < 0.1
    if newline_crlf:
        body = body.replace("\n", "\r\n")
    encoding = "gb18030" if fmt == "txt" and rng.random() < 0.1 else "utf-8"
    if encoding == "gb18030" and fmt == "html":
        body = body.replace('charset="utf-8"', 'charset="gb2312"')
    facts = {"year": year, "agency": new_agency, "format": fmt, "encoding": encoding, "crlf": newline_crlf, "flaws": flaws}
    return fmt, body.encode(encoding), facts


def generate(count: int, seed: int = 20240601, fmt: str | None = None) -> Iterator[tuple[str, bytes]]:
    """``count`` reports as (file name, bytes), the same for the same arguments."""
    rng = random.Random(seed)
    for number in range(count):
        suffix, data, facts = report(rng, fmt)
        yield f"{number:05d}-{facts['agency']}-{facts['year']}.{suffix}", data


def write(folder: Path, count: int, seed: int = 20240601, fmt: str | None = None, per_folder: int = 500) -> list[Path]:
    """Write ``count`` reports under ``folder`` (in sub-folders of ``per_folder`` files, the way
    a province's reports are filed by county); return their paths in order."""
    paths = []
    for number, (name, data) in enumerate(generate(count, seed, fmt)):
        sub = folder / f"batch-{number // per_folder:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / name
        path.write_bytes(data)
        paths.append(path)
    return paths
