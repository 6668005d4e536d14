"""The estimate as a table (text), JSON or a Markdown table."""
from __future__ import annotations

import json

from deploy.cost.estimate import Estimate, Line
from deploy.cost.units import cents
from deploy.ui import table


def _amount_cell(line: Line) -> str:
    return f"{cents(line.monthly):,.2f}"


def text_report(result: Estimate) -> str:
    p = result.prices
    rows = [[line.name, _amount_cell(line), line.detail] for line in result.lines]
    rows.append(["Total", f"{result.total:,.2f}", f"per month, {p['currency']}"])
    out = [f"Estimated monthly cost: {result.label}",
           f"Prices: {p['region']}, {p['date']}; {p['source']}.", "",
           table(["component", p["currency"], "detail"], rows), "",
           "Cold start of one task (estimate): "
           f"without the model cache {result.cold_start['without_cache']['internet_gb']:g} GB from the internet, "
           f"~{result.cold_start['without_cache']['seconds']:g} s; with it "
           f"{result.cold_start['with_cache']['internet_gb']:g} GB from the internet + "
           f"{result.cold_start['with_cache']['efs_gb']:g} GB from EFS, ~{result.cold_start['with_cache']['seconds']:g} s "
           f"({result.cold_start['basis']}).", "", "Assumptions:"]
    out += [f"  - {a}" for a in result.assumptions]
    if result.notes:
        out += ["", "Notes:"] + [f"  - {n}" for n in result.notes]
    return "\n".join(out)


def json_report(result: Estimate) -> str:
    p = result.prices
    return json.dumps({
        "estimate": result.label, "currency": p["currency"],
        "prices": {"region": p["region"], "date": p["date"], "source": p["source"]},
        "components": [{"key": line.key, "name": line.name, "monthly": cents(line.monthly),
                        "enabled": line.enabled, "detail": line.detail} for line in result.lines],
        "total": result.total, "usage": result.usage, "cold_start": result.cold_start,
        "assumptions": result.assumptions, "notes": result.notes,
    }, indent=2)


def markdown_table(result: Estimate) -> str:
    rows = ["| component | USD / month | detail |", "| --- | ---: | --- |"]
    rows += [f"| {line.name} | {_amount_cell(line)} | {line.detail} |" for line in result.lines]
    rows.append(f"| **Total** | **{result.total:,.2f}** | |")
    return "\n".join(rows)
