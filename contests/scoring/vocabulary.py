"""Vocabularies: the sets of names an organizer chooses from, declared once.

A vocabulary sits beside the registry that gives its names meaning (AGGREGATIONS in
aggregation.py, AWARD_METHODS in awards.py ...). It holds each name's English label,
marked with `N_` so the message extractor finds it; the app translates labels when it
shows them (contests/vocabularies.py). Model CHECK constraints, form choices, template
validation and the core's own checks are all generated from the same object.

Standard library only: the scoring core imports it.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark an English label for translation without translating it here."""
    return message


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of configuration names with their English labels.

    `field` is the name of the model column / form field that holds one of them (several
    columns may share a vocabulary: `also` lists further field names)."""

    field: str
    labels: Mapping[str, str]
    also: tuple[str, ...] = ()
    nullable: bool = field(default=False)

    @classmethod
    def of(cls, field_name: str, registry: Mapping, labels: Mapping[str, str],
           **options) -> Vocabulary:
        """A vocabulary for a registry (name -> rule): the labels must name exactly the
        registry's keys, in the registry's order, or importing the module fails."""
        if list(labels) != list(registry):
            raise ValueError(f"vocabulary {field_name}: labels {list(labels)} do not match "
                             f"the registry {list(registry)}")
        return cls(field_name, dict(labels), **options)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self.labels)

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.field, *self.also)

    def __iter__(self) -> Iterator[str]:
        return iter(self.labels)

    def __contains__(self, name: object) -> bool:
        return name in self.labels

    def __len__(self) -> int:
        return len(self.labels)

    def check_sql(self, column: str | None = None) -> str:
        """SQL for a CHECK constraint: the column holds one of the names (or NULL when
        the vocabulary is nullable)."""
        column = column or self.field
        names = ", ".join("'" + name.replace("'", "''") + "'" for name in self.labels)
        clause = f"{column} IN ({names})"
        return f"{column} IS NULL OR {clause}" if self.nullable else clause
