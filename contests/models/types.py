"""Column types shared by the models: marks and weights are exact decimals."""
from decimal import Decimal
from typing import Annotated

from sqlalchemy import Numeric
from sqlalchemy.orm import mapped_column

# Marks: up to 999999.9999, enough for sums of many criteria at 4 places.
MarkValue = Annotated[Decimal, mapped_column(Numeric(10, 4, asdecimal=True))]
# Percentages such as 30, 12.5 or 33.333.
Percent = Annotated[Decimal, mapped_column(Numeric(6, 3, asdecimal=True))]
# Money (allowances) in yuan.
Money = Annotated[Decimal, mapped_column(Numeric(12, 2, asdecimal=True))]
