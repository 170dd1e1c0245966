"""A Chinese word list for GK503: jieba's bundled dictionary, read lazily into a compact index.

jieba ships ``dict.txt``: some 349,000 words with a corpus frequency and a part of speech,
one per line (``政府 23452 n``). GK503 asks it two questions about the few places where a
character or a word is doubled: which words stand in the text there, and how the text there
reads best as words. Only then is the file read (once per process: ``word_list()``), and
jieba itself is never imported (its import and its own dictionary take a second and some
hundred MB).

The index keeps the words of one to four Han characters (longer ones never decide a
doubling) in one sorted string per length, each word followed by one character that holds its
frequency on a log scale, and looks a word up by bisection. Held as Python strings in a dict
or a set the same words take some 40–80 MB; here they take about 2 MB, and reading the file
holds no more (it is read line by line, in its order). Single characters keep
their part of speech too (``的``: a particle), which tells a function word from a content one,
the measure words are those the list counts with 一 (一件, 一项: tagged as numerals), and the
place-name endings those that end many of its place names (市, 县, 区).
"""

from __future__ import annotations

import marshal
import math
import os
import sys
import zlib
from functools import lru_cache

MAX_WORD = 4  # longest word kept (characters)
# A character that ends at least this many of the list's place names (tagged ns: 南京市, 青山县)
# ends the names it lacks too (南屏市, 白河县): 市 县 区 省 镇 乡 村 州 山 河 ….
PLACE_SUFFIX_NAMES = 100
_FIRST_HAN, _LAST_HAN = "\u3400", "\u9fff"  # CJK Extension A and the Unified Ideographs
# The frequency is stored as round(log2(frequency)) in one character after the word.
_BUCKET_BASE = 0x30
CACHE_FORMAT = 1  # bump when what the cached index holds changes


class WordList:
    """Words of 1–4 Han characters with their frequency, and the part of speech of single
    characters; ``segment`` reads a run of Han text as the likeliest sequence of words."""

    def __init__(self, tables: dict[int, str], single_pos: dict[str, str], measures: frozenset[str],
                 place_suffixes: frozenset[str], total: float, unsorted: dict[str, int] | None = None) -> None:
        # tables[k]: the words of k characters, sorted, each followed by its frequency
        # character (records of k + 1 characters, one after the other).
        self._tables = tables
        self._counts = {length: len(table) // (length + 1) for length, table in tables.items()}
        self._unsorted = {} if unsorted is None else unsorted  # words out of the file's order
        self._single_pos = single_pos
        self.measures = measures
        self.place_suffixes = place_suffixes
        self._log_total = math.log(total)

    @classmethod
    def read(cls, path: str) -> WordList:
        """The index of a dictionary in jieba's format (``word frequency [part of speech]``).

        jieba's file is sorted but for a few dozen words: each table is written as the file is
        read, in its order, and the few words out of order are kept apart (``_unsorted``), so
        that reading holds no list of 340,000 strings (it would take some 30 MB at its peak)."""
        # Each table as strings of a few thousand records (a list of one string per word would
        # hold 340,000 objects; so would io.StringIO, which keeps what is written as a list).
        chunks: dict[int, list[str]] = {length: [] for length in range(1, MAX_WORD + 1)}
        pending: dict[int, list[str]] = {length: [] for length in range(1, MAX_WORD + 1)}
        last: dict[int, str] = {length: "" for length in range(1, MAX_WORD + 1)}
        unsorted: dict[str, int] = {}
        single_pos: dict[str, str] = {}
        measures: set[str] = set()
        place_endings: dict[str, int] = {}
        total = 0
        han_word = _han_word()
        log2 = math.log2
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) < 2 or not parts[1].isdigit():
                    continue
                word, frequency = parts[0], int(parts[1])
                total += frequency
                tag = parts[2] if len(parts) > 2 else ""
                if tag == "ns" and len(word) > 1:
                    place_endings[word[-1]] = place_endings.get(word[-1], 0) + 1
                if frequency <= 0 or han_word.fullmatch(word) is None:
                    continue
                length = len(word)
                frequency_class = round(log2(frequency))
                if word > last[length]:
                    records = pending[length]
                    records.append(word + chr(_BUCKET_BASE + frequency_class))
                    if len(records) >= 4096:
                        chunks[length].append("".join(records))
                        records.clear()
                    last[length] = word
                else:
                    unsorted[word] = frequency_class
                if length == 1 and tag:
                    single_pos[word] = tag
                elif length == 2 and word[0] == "一" and tag.startswith("m"):
                    measures.add(word[1])  # 一件, 一项: a numeral and a measure word
        place_suffixes = frozenset(char for char, count in place_endings.items() if count >= PLACE_SUFFIX_NAMES)
        tables = {length: "".join(chunks[length]) + "".join(pending[length]) for length in chunks}
        return cls(tables, single_pos, frozenset(measures), place_suffixes, float(max(total, 1)), unsorted)

    def state(self) -> tuple:
        """What the index holds, in types ``marshal`` stores (``from_state`` makes it again)."""
        return (self._tables, self._single_pos, tuple(sorted(self.measures)), tuple(sorted(self.place_suffixes)),
                math.exp(self._log_total), self._unsorted)

    @classmethod
    def from_state(cls, state: tuple) -> WordList:
        tables, single_pos, measures, place_suffixes, total, unsorted = state
        return cls(tables, single_pos, frozenset(measures), frozenset(place_suffixes), total, unsorted)

    def __len__(self) -> int:
        return sum(self._counts.values()) + len(self._unsorted)

    def frequency_class(self, word: str) -> int | None:
        """round(log2(frequency)) of ``word``, or None when it is not in the list."""
        length = len(word)
        table = self._tables.get(length)
        if not table:
            return self._unsorted.get(word)
        width = length + 1
        low, high = 0, self._counts[length]
        while low < high:
            middle = (low + high) // 2
            if table[middle * width:middle * width + length] < word:
                low = middle + 1
            else:
                high = middle
        if low < self._counts[length] and table[low * width:low * width + length] == word:
            return ord(table[low * width + length]) - _BUCKET_BASE
        return self._unsorted.get(word)

    def __contains__(self, word: str) -> bool:
        return self.frequency_class(word) is not None

    def part_of_speech(self, char: str) -> str | None:
        """jieba's part-of-speech tag of a single character (``uj`` for 的), if it has one."""
        return self._single_pos.get(char)

    def segment(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the words of ``text`` in its likeliest reading: the sequence of
        listed words (a character not listed stands alone, as rare as a word can be) whose
        frequencies multiply to the most, as jieba reads text without its HMM."""
        length = len(text)
        best: list[tuple[float, int]] = [(0.0, 0)] * (length + 1)
        unknown = -self._log_total
        for start in range(length - 1, -1, -1):
            choice = (-math.inf, start + 1)
            for end in range(start + 1, min(length, start + MAX_WORD) + 1):
                frequency_class = self.frequency_class(text[start:end])
                if frequency_class is None:
                    if end > start + 1:
                        continue
                    score = unknown
                else:
                    score = frequency_class * math.log(2) - self._log_total
                score += best[end][0]
                if score > choice[0]:
                    choice = (score, end)
            best[start] = choice
        words = []
        start = 0
        while start < length:
            end = best[start][1]
            words.append((start, end))
            start = end
        return words


def jieba_dictionary() -> str:
    """The path of jieba's bundled ``dict.txt``, found without importing jieba."""
    from importlib.util import find_spec

    spec = find_spec("jieba")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = os.path.join(location, "dict.txt")
        if os.path.isfile(path):
            return path
    raise FileNotFoundError("jieba's dictionary (jieba/dict.txt) is not installed: pip install jieba")


@lru_cache(maxsize=1)
def _han_word():
    """A word of one to ``MAX_WORD`` characters of CJK Extension A and the Unified Ideographs."""
    import re

    return re.compile(f"[{_FIRST_HAN}-{_LAST_HAN}]{{1,{MAX_WORD}}}")


@lru_cache(maxsize=2)
def word_list(path: str | None = None) -> WordList:
    """The word list of ``path`` (default: jieba's dictionary), read on first use and kept for
    the process (every linter of the process shares it: it is the same file).

    The index read from the file is kept in the user's cache folder (as ``rules.toml``'s
    parsed form is, ``gklint.formats.toml_cache``), keyed by the file's path, size and
    modification time: reading the 5 MB file takes about half a second, the stored index
    (2.7 MB) some milliseconds. ``GKLINT_NO_CACHE=1`` turns it off.
    """
    path = os.path.abspath(path or jieba_dictionary())
    from gklint.formats.toml_cache import cache_dir

    folder = cache_dir()
    entry = stamp = None
    if folder is not None:
        try:
            info = os.stat(path)
            stamp = (CACHE_FORMAT, sys.version_info[:2], path, info.st_size, info.st_mtime_ns)
            entry = os.path.join(folder, f"words-{zlib.crc32(path.encode('utf-8', 'surrogatepass')):08x}.marshal")
            # (Read whole, then decoded from memory: ``marshal.load`` on a file reads it a few
            # bytes at a time, 16 ms for this entry against 5 ms, once per process that meets a
            # doubled character — most runs over more than a few reports.)
            with open(entry, "rb") as handle:
                cached_stamp, state = marshal.loads(handle.read())
            if cached_stamp == stamp:
                return WordList.from_state(state)
        except Exception:  # no entry, or an unreadable, corrupt or outdated one: read the file
            pass
    words = WordList.read(path)
    if entry is not None:
        _store(entry, (stamp, words.state()))
    return words


def _store(entry: str, value: tuple) -> None:
    temporary = f"{entry}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        with open(temporary, "wb") as handle:
            marshal.dump(value, handle)
        os.replace(temporary, entry)
    except (OSError, ValueError):  # no room or no right to write: the next run reads the file again
        try:
            os.unlink(temporary)
        except OSError:
            pass
