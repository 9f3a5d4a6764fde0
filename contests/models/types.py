"""Column types shared by the models: marks and weights are exact decimals; a column
holding a vocabulary name is checked against that vocabulary."""
from decimal import Decimal
from typing import Annotated

from sqlalchemy import CheckConstraint, Numeric
from sqlalchemy.orm import mapped_column

from ..scoring.vocabulary import Vocabulary

# Marks: up to 999999.9999, enough for sums of many criteria at 4 places.
MarkValue = Annotated[Decimal, mapped_column(Numeric(10, 4, asdecimal=True))]
# Percentages such as 30, 12.5 or 33.333.
Percent = Annotated[Decimal, mapped_column(Numeric(6, 3, asdecimal=True))]
# Money (allowances) in yuan.
Money = Annotated[Decimal, mapped_column(Numeric(12, 2, asdecimal=True))]


def known(vocabulary: Vocabulary, column: str | None = None) -> CheckConstraint:
    """CHECK that `column` (default: the vocabulary's field) holds one of the vocabulary's
    names; named `<column>_known` (ck_<table>_<column>_known). The constraint remembers its
    vocabulary, so tests can walk every vocabulary-backed column."""
    column = column or vocabulary.field
    return CheckConstraint(vocabulary.check_sql(column), name=f"{column}_known",
                           info={"vocabulary": vocabulary, "column": column})
