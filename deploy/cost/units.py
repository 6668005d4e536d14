"""Money and quantities as the estimate prints them, and the one lookup of a price by parameter value."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


class EstimateError(ValueError):
    """A value the estimate has no figure for (a class without a price, a model without a size)."""


def cents(amount: float) -> float:
    """Round to cents, half up, after dropping float noise (730 x 0.0265 is 19.344999... as a float)."""
    return float(Decimal(f"{amount:.6f}").quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def gb(x: float) -> str:
    return f"{x:,.1f} GB" if x >= 0.05 or x == 0 else f"{x:,.2f} GB"


def hours(x: float) -> str:
    return f"{x:,.1f} h"


def usd(x: float) -> str:
    return f"${x:,.2f}"


def price_of(table: dict, key: str, parameter: str, where: str) -> float:
    if key not in table:
        raise EstimateError(f"{parameter}: {key!r} has no price in deploy/prices.json ({where}); add it "
                            f"with its source")
    return table[key]
