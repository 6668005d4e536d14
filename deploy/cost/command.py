"""deploy-stack cost (run), and `python -m deploy.cost`, which writes docs/cost.md (build.py writes it too,
and `build.py --check` fails when it is stale)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from deploy.cost.document import DOC_PATH, markdown_document
from deploy.cost.inputs import load_prices
from deploy.cost.report import json_report, markdown_table, text_report
from deploy.cost.sources import estimate_for
from deploy.errors import UsageError
from deploy.project import Project


def run(ctx) -> int:
    """deploy-stack cost."""
    args = ctx.args
    prices = load_prices()
    if args.region and args.region != prices["region"]:
        ctx.console.info(f"note: the price table is {prices['region']}'s; --region {args.region} is not "
                         f"priced separately (expect regional differences)")
    result = estimate_for(ctx.project, ctx.env, Path(args.params_file) if args.params_file else None,
                          args.param or [], prices=prices)
    if args.json:
        ctx.console.result(json_report(result))
    elif args.markdown:
        ctx.console.result(markdown_table(result))
    else:
        ctx.console.result(text_report(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    """python -m deploy.cost [--project-dir DIR]: write docs/cost.md from params/, dist/ and the prices
    (`python build.py` does the same; `python build.py --check` checks it)."""
    parser = argparse.ArgumentParser(prog="python -m deploy.cost", description=main.__doc__)
    parser.add_argument("--project-dir", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args(argv)
    project = Project(args.project_dir.resolve())
    try:
        text = markdown_document(project)
    except UsageError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    path = project.root / DOC_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    print(f"wrote {DOC_PATH}")
    return 0
