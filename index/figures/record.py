"""The figure record: one quantity of an article with its label, time and source, typed.

The same record is extracted, stored (as JSON beside its rendered line), read back and
rendered, so every face sees the same fields under the same names (README: `ask --json`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal, get_args

from index.figures.periods import Period

Kind = Literal[
    "count",
    "time",
    "money",
    "percent",
    "points",
    "area",
    "distance",
    "speed",
    "mass",
    "volume",
    "power",
    "energy",
    "temperature",
    "ratio",
    "age",
    "odds",
    "score",
    "rank",
]
Qualifier = Literal[
    "exact",
    "between",
    "approximately",
    "about",
    "around",
    "roughly",
    "some",
    "circa",
    "estimated",
    "~",
    "at least",
    "no fewer than",
    "no less than",
    "a minimum of",
    "more than",
    "over",
    "above",
    "in excess of",
    "upwards of",
    "just over",
    "up to",
    "as many as",
    "as much as",
    "at most",
    "no more than",
    "as high as",
    "fewer than",
    "less than",
    "under",
    "below",
    "just under",
    "as low as",
    "nearly",
    "almost",
    "close to",
    "a tad over",
]
KINDS: frozenset[str] = frozenset(get_args(Kind))
QUALIFIERS: frozenset[str] = frozenset(get_args(Qualifier))


@dataclass(frozen=True)
class Figure:
    """One quantity in an article: how much, of what (`lead` and `measure`, words of its
    sentence around the number), whose (`subject`), when (`period`), per whom (`source`), and
    where (¶, passage, the exact characters of the seed file)."""

    id: str
    document: str
    passage: str
    paragraph: int
    sentence: str
    start: int
    end: int
    surface: str
    value: float
    unit: str
    kind: Kind
    qualifier: Qualifier
    lead: str
    measure: str
    topic: str
    subject: str | None
    period: Period | None
    source: str | None
    compares: tuple[str, ...] = ()
    value_high: float | None = None
    rendered: str = ""

    @property
    def label(self) -> str:
        """The label's words in sentence order, the number left out: what searches match."""
        return f"{self.lead} {self.measure}".strip()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields; the period as {"text", "start", "end"} or None."""
        data = asdict(self)
        data["compares"] = list(self.compares)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """The record `to_dict` wrote (unknown keys are ignored, so older rows still read)."""
        known = {field.name for field in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        period = values.get("period")
        values["period"] = Period(**period) if isinstance(period, dict) else None
        values["compares"] = tuple(values.get("compares") or ())
        values.setdefault("lead", "")
        return cls(**values)
