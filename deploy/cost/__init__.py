"""deploy-stack cost: an offline monthly cost estimate per component, from params and deploy/prices.json.

    deploy-stack cost --env dev                        params/dev.json, a table
    deploy-stack cost --env dev --param CapacityMode=on-demand --json
    deploy-stack cost --env dev --params-file my.json --markdown
    python -m deploy.cost                              regenerate docs/cost.md (build.py does too, and checks it)

Nothing here talks to AWS. Parameters are read and validated exactly as `deploy` does (params/<env>.json or
--params-file, then --param overrides, template Defaults for the rest); the counts that do not depend on
parameters (alarms, dashboards, KMS keys, interface endpoint services) come from dist/*.yaml.
Every figure is an estimate: usage-driven items rest on the assumptions listed in ASSUMPTIONS and printed
with the result. Amounts are kept unrounded and rounded to cents only for display and for the total.

The modules, in the order the data flows:
    inputs      prices, counts from the templates, typed settings
    usage       the shared quantities (hours, task starts, pulls, NAT traffic)
    components  one function per priced component, registered in TABLE with the resource types it prices
    estimate    every component priced, plus usage, cold start, notes, assumptions
    rules       the template's Rules checked before estimating
    sources     params/ and dist/ read for one environment (estimate_for)
    report, document, command   text/JSON/Markdown output, docs/cost.md, the CLI entry points
"""
from deploy import params  # noqa: F401  (tests read params._as_text through this package)
from deploy.cost.catalog import ASSUMPTIONS, FREE_TYPES, MODEL_SIZES_GB, REFERENCE_DEV  # noqa: F401
from deploy.cost.command import main, run  # noqa: F401
from deploy.cost.components import COMPONENTS, PRICED_TYPES, TABLE, unpriced_types  # noqa: F401
from deploy.cost.document import DOC_PATH, markdown_document  # noqa: F401
from deploy.cost.estimate import Estimate, Line, estimate  # noqa: F401
from deploy.cost.inputs import TemplateCounts, load_prices, template_counts  # noqa: F401
from deploy.cost.sources import estimate_for  # noqa: F401
from deploy.cost.units import EstimateError, cents  # noqa: F401
