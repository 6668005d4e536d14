"""A small CloudWatch alarm evaluator for tests: what state an alarm resource reaches on synthetic metric series.

Semantics modelled (CloudWatch user guide, "Using Amazon CloudWatch alarms", "Configuring how CloudWatch alarms
treat missing data", "Metric math syntax and functions"):
- A series is one value per period (the statistic already applied), None where CloudWatch has no datapoint.
- At each period the alarm looks at the last EvaluationPeriods values and goes to ALARM when at least
  DatapointsToAlarm of them breach (M out of N), else OK.
- Missing values: `breaching` counts them as breaching, `notBreaching` as not breaching; `missing` and `ignore`
  evaluate the values present, and when none is present the state is INSUFFICIENT_DATA (`missing`) or the
  previous state (`ignore`). (CloudWatch also looks further back than N for `missing`/`ignore`; the alarms of
  this project use `notBreaching` or fill their gaps, so that refinement is left out.)
- Metric math, the subset the templates use: numbers, query ids, + - * /, comparisons (< <= > >= == !=) giving
  1 or 0, AND/OR (&&, ||), IF(condition, a, b) and FILL(series, number). An operation on a missing value is
  missing; division by zero is missing. Anything else raises, so a new function in a template is noticed.
"""
from __future__ import annotations

import re

TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d+)?)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>&&|\|\||<=|>=|==|!=|[-+*/(),<>]))")
COMPARE = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
           "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
ALARM_COMPARE = {"GreaterThanThreshold": ">", "GreaterThanOrEqualToThreshold": ">=", "LessThanThreshold": "<",
                 "LessThanOrEqualToThreshold": "<="}


def _tokens(text: str) -> list[str]:
    out, position = [], 0
    text = text.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ValueError(f"metric math: cannot read {text[position:]!r}")
        out.append(match.group(match.lastgroup))
        position = match.end()
    return out


class _Parser:
    """Recursive descent over the tokens; each node is a function of (series by id, period index)."""

    def __init__(self, text: str):
        self.tokens, self.at = _tokens(text), 0

    def parse(self):
        node = self.logical()
        if self.at != len(self.tokens):
            raise ValueError(f"metric math: unexpected {self.tokens[self.at]!r}")
        return node

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, expected=None):
        token = self.peek()
        if token is None or (expected is not None and token.upper() != expected):
            raise ValueError(f"metric math: expected {expected!r}, got {token!r}")
        self.at += 1
        return token

    def logical(self):
        node = self.conjunction()
        while (self.peek() or "").upper() in ("OR", "||"):
            self.take()
            node = _binary(node, self.conjunction(), lambda a, b: float(bool(a) or bool(b)))
        return node

    def conjunction(self):
        node = self.comparison()
        while (self.peek() or "").upper() in ("AND", "&&"):
            self.take()
            node = _binary(node, self.comparison(), lambda a, b: float(bool(a) and bool(b)))
        return node

    def comparison(self):
        node = self.sum()
        if self.peek() in COMPARE:
            test = COMPARE[self.take()]
            node = _binary(node, self.sum(), lambda a, b: float(test(a, b)))
        return node

    def sum(self):
        node = self.product()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = _binary(node, self.product(), (lambda a, b: a + b) if op == "+" else (lambda a, b: a - b))
        return node

    def product(self):
        node = self.unary()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = _binary(node, self.unary(), (lambda a, b: a * b) if op == "*" else
                           (lambda a, b: None if b == 0 else a / b))
        return node

    def unary(self):
        if self.peek() == "-":
            self.take()
            inner = self.unary()
            return lambda series, i: None if inner(series, i) is None else -inner(series, i)
        return self.primary()

    def primary(self):
        token = self.take()
        if re.fullmatch(r"\d+(\.\d+)?", token):
            value = float(token)
            return lambda series, i: value
        if token == "(":
            node = self.logical()
            self.take(")")
            return node
        if self.peek() == "(":
            self.take("(")
            args = [self.logical()]
            while self.peek() == ",":
                self.take(",")
                args.append(self.logical())
            self.take(")")
            return _function(token.upper(), args)
        return lambda series, i: series[token][i]


def _binary(left, right, op):
    def node(series, i):
        a, b = left(series, i), right(series, i)
        return None if a is None or b is None else op(a, b)
    return node


def _function(name: str, args: list):
    if name == "IF" and len(args) == 3:
        condition, when_true, when_false = args

        def node(series, i):
            test = condition(series, i)
            if test is None:
                return None
            return when_true(series, i) if test else when_false(series, i)
        return node
    if name == "FILL" and len(args) == 2:
        inner, filler = args

        def node(series, i):
            value = inner(series, i)
            return filler(series, i) if value is None else value
        return node
    raise ValueError(f"metric math: {name} with {len(args)} arguments is not modelled")


def evaluate_expression(expression: str, series: dict[str, list], periods: int) -> list:
    node = _Parser(expression).parse()
    return [node(series, i) for i in range(periods)]


def alarm_series(alarm: dict, metrics: dict[str, list], periods: int) -> list:
    """The series the alarm compares with its threshold. `metrics`: metric name -> values per period (a metric
    absent from it has no datapoints)."""
    def values(name):
        found = list(metrics.get(name) or [])
        return (found + [None] * periods)[:periods]

    if "Metrics" not in alarm:
        return values(alarm["MetricName"])
    series: dict[str, list] = {}
    returned = None
    for query in alarm["Metrics"]:  # CloudWatch evaluates ids in any order; ours refer only to earlier ones
        if "MetricStat" in query:
            series[query["Id"]] = values(query["MetricStat"]["Metric"]["MetricName"])
        else:
            series[query["Id"]] = evaluate_expression(query["Expression"], series, periods)
        if query.get("ReturnData", True):
            returned = query["Id"]
    return series[returned]


def states(alarm: dict, metrics: dict[str, list], periods: int) -> list[str]:
    """The alarm's state after each period (from the first period with a full evaluation window)."""
    values = alarm_series(alarm, metrics, periods)
    n = int(alarm["EvaluationPeriods"])
    m = int(alarm.get("DatapointsToAlarm", n))
    threshold = float(alarm["Threshold"])
    test = COMPARE[ALARM_COMPARE[alarm["ComparisonOperator"]]]
    missing = alarm.get("TreatMissingData", "missing")
    state, out = "INSUFFICIENT_DATA", []
    for end in range(n, periods + 1):
        window = values[end - n:end]
        present = [v for v in window if v is not None]
        if missing in ("missing", "ignore") and not present:
            state = "INSUFFICIENT_DATA" if missing == "missing" else state
        else:
            breaching = sum(1 for v in present if test(v, threshold))
            if missing == "breaching":
                breaching += len(window) - len(present)
            state = "ALARM" if breaching >= m else "OK"
        out.append(state)
    return out


def fires(alarm: dict, metrics: dict[str, list], periods: int) -> bool:
    return "ALARM" in states(alarm, metrics, periods)
