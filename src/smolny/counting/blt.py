"""BLT ballot files: read them (the standard form and the Scottish variants) and write them.

The format::

    <candidates> <seats>
    [-<withdrawn> ...]                    optional: candidates withdrawn
    [(<id>)] <weight> <pref> ... 0        one line per ballot, 1-based candidate numbers
    0                                     end of ballots
    "<name of candidate 1>"               one line per candidate
    ...
    "<title>"

The reader also accepts what real files in `data/scottish-stv/` do: unquoted names
(with the party in brackets), quoted names followed by a quoted party, names quoted
twice over in the CSV manner (`""` for a quote), names given as
`# ALTERNATIVE NAME k: ...` lines, and a file whose every line ends with a comma.

A file past the bounds of `counting.bounds` (candidates, ballot lines, the digits of a
number) raises `bounds.BoundExceeded` naming the bound, the file and the line.
It refuses, naming the file and 1-based line, a preference naming no candidate, a
candidate ranked twice on one ballot, equal rankings, more seats than candidates, a
negative weight, a ballot without its terminating 0, and a truncated file. It does
no I/O: it takes the text and a name to use in messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from smolny.counting import bounds
from smolny.counting.stv import Ballot, Candidate, CountError, Election


class BltError(ValueError):
    """A BLT file that cannot be read; the message names the file and line."""

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(f"{source}, line {line}: {problem}")


_ALTERNATIVE_NAME = re.compile(r"#\s*ALTERNATIVE NAME\s+(\d+)\s*:\s*(.*)$", re.IGNORECASE)
_BALLOT_ID = re.compile(r"\(([^)]*)\)\s*")
_PLAIN = re.compile(r"[0-9 \t]+")
# a number longer than the bounds allow, found before Python is asked to convert it
_LONG_NUMBER = re.compile(r"[0-9]{" + str(bounds.MAX_DIGITS + 1) + ",}")


def _quoted_tokens(text: str) -> list[str] | None:
    """`"a" "b c"` -> ['a', 'b c'] (`""` inside quotes is a quote); None if not all quoted."""
    tokens: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        if text[i] != '"':
            return None
        i += 1
        chars: list[str] = []
        while True:
            if i >= n:
                return None
            if text[i] == '"':
                if i + 1 < n and text[i + 1] == '"':
                    chars.append('"')
                    i += 2
                    continue
                i += 1
                break
            chars.append(text[i])
            i += 1
        tokens.append("".join(chars))
    return tokens


def _unquote(text: str) -> list[str]:
    """The parts of a name or title line, with one or two layers of quoting removed."""
    tokens = _quoted_tokens(text) if text.startswith('"') else None
    if tokens is None:
        return [text]
    if len(tokens) == 1:
        inner = tokens[0].strip()
        nested = _quoted_tokens(inner) if inner.startswith('"') else None
        if nested:
            tokens = nested
    return [t.strip() for t in tokens]


def _int(token: str) -> int | None:
    try:
        return int(token)
    except ValueError:
        return None


def _ballot(line_no: int, line: str, n: int, fail: Callable[[int, str], BltError]) -> Ballot:
    """One ballot line, parsed with a precise complaint about anything wrong."""
    ballot_id = None
    match = _BALLOT_ID.match(line)
    if match:
        ballot_id = match.group(1)
        line = line[match.end() :]
    tokens = line.split()
    if not tokens:
        raise fail(line_no, "a ballot id with no ballot after it")
    if all(t.startswith("-") for t in tokens):
        raise fail(line_no, "withdrawn candidates must be listed on the line after the first")
    weight = _int(tokens[0])
    if weight is None:
        raise fail(
            line_no,
            f"expected a ballot ('<weight> <preferences> 0') or the closing 0, found {line!r}",
        )
    if weight < 0:
        raise fail(line_no, f"negative weight {weight}")
    preferences: list[int] = []
    seen: set[int] = set()
    closed = False
    for index, token in enumerate(tokens[1:], start=1):
        if "=" in token:
            raise fail(line_no, f"equal preferences ({token!r}) are not supported")
        number = _int(token)
        if number is None:
            raise fail(line_no, f"preference {token!r} is not a candidate number")
        if number == 0:
            if index != len(tokens) - 1:
                raise fail(line_no, "text after the 0 that ends the ballot")
            closed = True
            break
        if not 1 <= number <= n:
            raise fail(line_no, f"preference {number} names no candidate (there are {n})")
        if number in seen:
            raise fail(line_no, f"candidate {number} is ranked twice on one ballot")
        seen.add(number)
        preferences.append(number)
    if not closed:
        raise fail(line_no, "the ballot does not end with 0")
    return Ballot(weight, tuple(preferences), ballot_id)


def read_blt(text: str | Iterable[str], source: str = "<blt>") -> Election:
    """Parse BLT `text` (a string or its lines) into an `Election`.

    Raises `BltError` naming `source` and the 1-based line of the first problem.
    """
    lines = _Lines(_content(text), source)
    if not lines.content:
        raise BltError(source, 1, "empty file: expected '<candidates> <seats>'")
    n, seats = _header(lines)
    withdrawn = _withdrawn(lines, n, seats)
    ballots = _ballots(lines, n)
    candidates = _names(lines, n)
    title_line, title = lines.title()
    try:
        return Election(
            tuple(candidates),
            seats,
            tuple(ballots),
            frozenset(withdrawn),
            " ".join(p for p in _unquote(title) if p),
        )
    except CountError as exc:  # the checks above should leave nothing for these
        raise lines.fail(title_line, str(exc)) from exc


def _content(text: str | Iterable[str]) -> list[tuple[int, str]]:
    """The non-blank lines, stripped, with their 1-based numbers in the file."""
    raw_lines = (
        text.splitlines() if isinstance(text, str) else [line.rstrip("\r\n") for line in text]
    )
    if raw_lines and raw_lines[0].startswith("\ufeff"):  # a byte-order mark from an editor
        raw_lines[0] = raw_lines[0][1:]
    # A file written with a comma closing every line (one Scottish file is): drop
    # exactly one trailing comma from each line once the header shows the habit.
    first = next((line.strip() for line in raw_lines if line.strip()), "")
    trailing_commas = first.endswith(",")

    content = [(i, line) for i, raw in enumerate(raw_lines, start=1) if (line := raw.strip())]
    if trailing_commas:
        content = [(i, line[:-1].rstrip() if line.endswith(",") else line) for i, line in content]
        content = [(i, line) for i, line in content if line]
    return content


class _Lines:
    """The file's lines read in order: a cursor, and complaints naming the file and line."""

    def __init__(self, content: list[tuple[int, str]], source: str) -> None:
        self.content = content
        self.source = source
        self.cursor = 0

    def fail(self, line: int, problem: str) -> BltError:
        return BltError(self.source, line, problem)

    def more(self) -> bool:
        return self.cursor < len(self.content)

    def peek(self) -> tuple[int, str]:
        return self.content[self.cursor]

    def take(self) -> tuple[int, str]:
        line = self.content[self.cursor]
        self.cursor += 1
        return line

    def check_numbers(self, line_no: int, line: str) -> None:
        """Refuse a line holding a number with more digits than the bounds allow."""
        long = _LONG_NUMBER.search(line)
        if long is not None:
            bounds.check_token_digits(long.group(), f"{self.source}, line {line_no}")

    def take_numbers(self) -> tuple[int, str]:
        """The next line, which holds numbers: refused if one has too many digits."""
        line_no, line = self.take()
        self.check_numbers(line_no, line)
        return line_no, line

    def truncated(self, problem: str) -> BltError:
        """A complaint about a file that ends too soon, at its last line."""
        return self.fail(self.content[-1][0], f"truncated file: {problem}")

    def title(self) -> tuple[int, str]:
        """The title, which must be the last line."""
        if not self.more():
            raise self.truncated("no title after the candidate names")
        title = self.take()
        if self.more():
            line_no, line = self.peek()
            raise self.fail(line_no, f"unexpected text after the title: {line!r}")
        return title


def _header(lines: _Lines) -> tuple[int, int]:
    """The first line: the number of candidates and of seats."""
    header_line, header = lines.take_numbers()
    parts = header.split()
    numbers = [_int(p) for p in parts]
    if len(parts) != 2 or numbers[0] is None or numbers[1] is None:
        raise lines.fail(header_line, f"expected '<candidates> <seats>', found {header!r}")
    n, seats = numbers[0], numbers[1]
    if n < 1:
        raise lines.fail(header_line, f"{n} candidates: at least one is needed")
    if seats < 1:
        raise lines.fail(header_line, f"{seats} seats: at least one is needed")
    if seats > n:
        raise lines.fail(header_line, f"{seats} seats but only {n} candidates")
    where = f"{lines.source}, line {header_line}"
    bounds.check("max-candidates", bounds.MAX_CANDIDATES, n, f"{where}: candidates")
    return n, seats


def _withdrawn(lines: _Lines, n: int, seats: int) -> set[int]:
    """The optional line of withdrawn candidates (`-2 -5`) after the header."""
    withdrawn: set[int] = set()
    if not lines.more() or not lines.peek()[1].startswith("-"):
        return withdrawn
    line_no, line = lines.peek()
    tokens = line.split()
    if not all(t.startswith("-") for t in tokens):
        return withdrawn  # a ballot of negative weight: refused as a ballot
    lines.take_numbers()
    for token in tokens:
        number = _int(token[1:])
        if number is None or not 1 <= number <= n:
            raise lines.fail(line_no, f"withdrawn candidate {token!r} names no candidate 1-{n}")
        withdrawn.add(number)
    if seats > n - len(withdrawn):
        raise lines.fail(
            line_no,
            f"{seats} seats but only {n - len(withdrawn)} candidates not withdrawn",
        )
    return withdrawn


def _ballots(lines: _Lines, n: int) -> list[Ballot]:
    """The ballot lines, up to the `0` that closes them."""
    ballots: list[Ballot] = []
    # Real files repeat the same line for every identical paper: parse each once and
    # share the (immutable) Ballot.
    parsed: dict[str, Ballot] = {}
    while lines.more():
        line_no, line = lines.take()
        if len(ballots) == bounds.MAX_BALLOTS and line != "0":
            bounds.check(
                "max-ballots", bounds.MAX_BALLOTS, len(ballots) + 1, f"{lines.source}: ballot lines"
            )
        known = parsed.get(line)
        if known is not None:
            ballots.append(known)
            continue
        if line == "0":
            return ballots
        lines.check_numbers(line_no, line)
        ballot = _plain_ballot(line, n)
        if ballot is None:
            ballot = _ballot(line_no, line, n, lines.fail)
        parsed[line] = ballot
        ballots.append(ballot)
    raise lines.truncated("no line '0' closes the ballots")


def _plain_ballot(line: str, n: int) -> Ballot | None:
    """The fast path: a plain line of numbers that is well formed (almost all are); None
    for any other, which `_ballot` reads (and complains about) in full."""
    if line[0] == "(" or not _PLAIN.fullmatch(line):
        return None
    fields = list(map(int, line.split()))
    preferences = fields[1:-1]
    if (
        len(fields) >= 2
        and fields[-1] == 0
        and (not preferences or (min(preferences) >= 1 and max(preferences) <= n))
        and len(set(preferences)) == len(preferences)
    ):
        return Ballot(fields[0], tuple(preferences))
    return None


def _names(lines: _Lines, n: int) -> list[Candidate]:
    """One line per candidate after the ballots: a name, perhaps with a party."""
    candidates: list[Candidate] = []
    for number in range(1, n + 1):
        if not lines.more():
            raise lines.truncated(f"{n} candidate names expected, found {number - 1}")
        line_no, line = lines.take()
        alternative = _ALTERNATIVE_NAME.match(line)
        if alternative:
            if int(alternative.group(1)) != number:
                raise lines.fail(
                    line_no, f"name {alternative.group(1)} given where {number} was due"
                )
            parts = [alternative.group(2).strip()]
        else:
            parts = _unquote(line)
        name = parts[0]
        affiliation = " ".join(p for p in parts[1:] if p) or None
        candidates.append(Candidate(number, name, affiliation))
    return candidates


def _quote(text: str) -> str:
    if "\n" in text or "\r" in text:
        raise ValueError(f"a name cannot hold a line break: {text!r}")
    return '"' + text.replace('"', '""') + '"'


def write_blt(election: Election) -> str:
    """The election as standard BLT text (quoted names), which `read_blt` reads back equal."""
    out = [f"{len(election.candidates)} {election.seats}"]
    if election.withdrawn:
        out.append(" ".join(f"-{c}" for c in sorted(election.withdrawn)))
    for ballot in election.ballots:
        prefix = ""
        if ballot.ballot_id is not None:
            if ")" in ballot.ballot_id or "\n" in ballot.ballot_id:
                raise ValueError(
                    f"a ballot id cannot hold ')' or a line break: {ballot.ballot_id!r}"
                )
            prefix = f"({ballot.ballot_id}) "
        prefs = "".join(f"{p} " for p in ballot.preferences)
        out.append(f"{prefix}{ballot.weight} {prefs}0")
    out.append("0")
    for candidate in election.candidates:
        line = _quote(candidate.name)
        if candidate.affiliation is not None:
            line += " " + _quote(candidate.affiliation)
        out.append(line)
    out.append(_quote(election.title))
    return "\n".join(out) + "\n"
