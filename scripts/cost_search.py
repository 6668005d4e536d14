"""Search for the text shapes that cost the PII guardrail the most per character.

    python scripts/cost_search.py [--size 8000] [--confirm 30000] [--top 10] [--module path/to/pii_guardrail.py]

A shape is one unit repeated to fill a text: families of digit groups, separators (space, - . / | tab,
newline , ;), labels the detector knows (phone and SSN words, 'ext', 'x', '@', card words), markup (**, <b>,
^FD), escapes (\\u0033, &#51;) and letters.  Every shape is timed (pii_kinds, CPU time) on a text of --size
characters, as written and with its digits drawn at random (the worse counts); the --top * 3 costliest are timed again on --confirm characters and the --top of those printed
as microseconds per character, next to prose of the same size.  Deterministic (a fixed seed), standard library only.
"""
import argparse
import itertools
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from measure_guardrail import ROOT, load_guardrail  # noqa: E402

GROUPS = ("4", "41", "415", "4155", "41555", "415555", "4155550", "4155550132", "4111111111111111", "123456789",
          "1234", "56", "0132", "555")
SEPS = (" ", "-", ".", "/", "|", "\t", "\n", ",", ";", " / ", "  ", " - ", ", ", "; ", " | ", ") ", " (")
LABELS = ("phone ", "tel: ", "call ", "mobile ", "SSN ", "ssn: ", "social security ", "ext ", " ext. ", " x", "x",
          "@", "card ", "visa ", "ID ", "order ", "+1 ", "+", "(", "#")
MARKUP = ("**", "<b>", "</b>", "^FD", "^FS", "`", "<br>", "~")
ESCAPES = ("\\u0033", "&#51;", "%33", "\\x33", "&#x33;")
LETTERS = ("a", "abc ", "x", "e", "Ab", "the ")
PROSE = ("The committee met on Tuesday to review the quarterly figures and agreed to publish a summary "
         "for every department before the end of the month. ")


def shapes(seed: int = 14, sampled: int = 400) -> list:
    """Units to repeat: every (group, separator) pair and a few fixed families, then random mixes."""
    units = {g + s for g in GROUPS for s in SEPS}
    units |= {"415 555 0132" + s for s in SEPS} | {"415-555-0132" + s for s in SEPS} | {"123-45-6789" + s for s in SEPS}
    units |= {"1234 56" + s for s in SEPS} | {"4111 1111 1111 1111" + s for s in SEPS}
    units |= {lab + g + " " for lab in LABELS for g in ("415 555 0132", "4155550132", "1234 56", "123-45-6789")}
    units |= {m + g + m + " " for m in MARKUP for g in ("415", "4155550132", "1234")}
    units |= {e * 3 + " " for e in ESCAPES} | {"415" + e + "55 " for e in ESCAPES}
    units |= {g + lt for g in ("415", "1234", "4155550132") for lt in LETTERS}
    rng = random.Random(seed)
    pools = (GROUPS, GROUPS, SEPS, SEPS, LABELS, MARKUP, ESCAPES, LETTERS)
    for _ in range(sampled):
        unit = "".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(2, 6)))
        units.add(unit if any(c.isdigit() for c in unit) else unit + "415 ")
    return sorted(units)


def filled(unit: str, size: int, seed=None) -> str:
    """``unit`` repeated to ``size`` characters; with a seed, each digit drawn at random (a cache of verdicts
    per repeated piece must not be what keeps a shape cheap)."""
    text = (unit * (size // len(unit) + 1))[:size]
    if seed is None:
        return text
    rng = random.Random(seed)
    return "".join(rng.choice("0123456789") if c.isdigit() else c for c in text)


def shape_cost(detect, unit: str, size: int, repeat: int = 1) -> float:
    """Microseconds per character, the worse of the repeated unit and the same with random digits."""
    return max(cost(detect, filled(unit, size, seed), repeat) for seed in (None, 14)) / size * 1e6


def cost(detect, text: str, repeat: int = 1) -> float:
    """Best CPU seconds of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        detect(text)
        best = min(best, time.process_time() - start)
    return best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=8000, help="characters per text in the first pass")
    parser.add_argument("--confirm", type=int, default=30000, help="characters per text for the costliest shapes")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--sampled", type=int, default=400, help="random mixes added to the fixed families")
    parser.add_argument("--module", type=Path, default=ROOT / "config" / "pii_guardrail.py")
    parser.add_argument("--unit", action="append", default=[], help="time only these units (repeatable; backslash escapes read: '415\\n')")
    args = parser.parse_args(argv)
    guardrail = load_guardrail(args.module)
    detect = guardrail.pii_kinds
    units = [u.encode().decode("unicode_escape") for u in args.unit] or shapes(sampled=args.sampled)
    prose = cost(detect, filled(PROSE, args.confirm), 3) / args.confirm * 1e6
    if not args.unit:
        first = sorted(((shape_cost(detect, u, args.size), u) for u in units), reverse=True)
        print(f"{len(units)} shapes timed at {args.size} characters; costliest {args.top * 3} re-timed at {args.confirm}")
        units = [u for _, u in first[:args.top * 3]]
    timed = sorted(((shape_cost(detect, u, args.confirm, 2), u) for u in units), reverse=True)
    print(f"prose: {prose:.2f} us/char")
    for us, unit in timed[:args.top if not args.unit else None]:
        print(f"{us:8.2f} us/char  {us / prose:6.1f}x prose  {unit!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
