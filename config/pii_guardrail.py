"""PII guardrail for the LiteLLM proxy: email, US SSN, US phone, payment card.

Two halves in one file, so the proxy needs nothing beyond the stock image:

* Detection (top of the file): standard library only, importable without
  LiteLLM (the measurement script and the unit tests use it).  It checks what
  a plain regex cannot: Luhn and issuer prefix/length for cards, SSA rules for
  SSNs (no 000/666/9xx area, no 00 group, no 0000 serial), NANP rules for
  phones (area and exchange start 2-9, no N11, no N9X area), and a shape
  check for emails.  Bare digit runs (9-digit SSN, 10-digit phone) count
  unless a label such as "order" or "invoice" says they are something else.
* ``PiiGuardrail`` (bottom): the LiteLLM custom guardrail.  Config uses it as
  ``guardrail: pii_guardrail.PiiGuardrail``; LiteLLM loads this file from the
  directory of config.yaml.  pre_call: HTTP 400 naming the kinds found (never
  the values).  post_call: masks values in answers, streaming included.

Kinds use LiteLLM's prebuilt pattern names: email, us_ssn, us_phone, credit_card.
"""
import copy
import json
import re
import unicodedata
from typing import NamedTuple

EMAIL, US_SSN, US_PHONE, CREDIT_CARD = "email", "us_ssn", "us_phone", "credit_card"
KINDS = (EMAIL, US_SSN, US_PHONE, CREDIT_CARD)
_PRIORITY = {CREDIT_CARD: 0, US_SSN: 1, US_PHONE: 2, EMAIL: 3}

# Request fields that carry user text (chat, completions, embeddings, responses, messages, rerank).
REQUEST_TEXT_FIELDS = ("messages", "prompt", "input", "system", "instructions", "suffix", "query", "documents")


class Finding(NamedTuple):
    kind: str
    start: int
    end: int


_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015"
_SEP = "[ \u00a0" + _DASHES + "]"           # one space or dash between digit groups
_PHONE_SEP = "[ \u00a0." + _DASHES + "]"    # phones also use dots

_EMAIL_RE = re.compile(
    r"(?<![\w.%+\-])"
    r"(?P<local>[\w%+\-]+(?:\.[\w%+\-]+)*)"
    r"@(?P<domain>(?:[^\W_](?:[\w\-]{0,61}[^\W_])?\.)+(?:[^\W\d_]{2,63}|xn--[\w\-]{1,59}))"
    r"(?![\w\-]|\.[^\W_])"
)
_RETINA_ASSET_RE = re.compile(r"\d+(?:\.\d+)?x\.(?:png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?)", re.I)

_SSN_RE = re.compile(
    r"(?<![\w+" + _DASHES + r"])(?<!\d[.,])"
    r"(?P<area>\d{3})(?P<s1>" + _SEP + r"?)(?P<group>\d{2})(?P<s2>" + _SEP + r"?)(?P<serial>\d{4})"
    r"(?![\w" + _DASHES + r"]|[.,]\d)"
)

_PHONE_RE = re.compile(
    r"(?<![\w+])(?<!\d[.," + _DASHES + r"])"
    r"(?:(?P<plus>\+[ \u00a0]?)?(?P<cc>1)(?P<s0>" + _PHONE_SEP + r"?))?"
    r"(?:\((?P<area_p>\d{3})\)[ \u00a0]?|(?P<area>\d{3})(?P<s1>" + _PHONE_SEP + r"?))"
    r"(?P<exchange>\d{3})(?P<s2>" + _PHONE_SEP + r"?)(?P<line>\d{4})"
    r"(?!\w|[.," + _DASHES + r"]?\d)"
)

# A run of digit groups joined by single spaces or dashes (card candidates).
_DIGIT_RUN_RE = re.compile(r"(?<!\w)(?<!\d[.,])\d+(?:" + _SEP + r"\d+)*(?!\w|[.,]\d)")
_DIGIT_GROUP_RE = re.compile(r"\d+")

# Context for bare digit runs.  A label right before the number says "not personal data" ...
_OTHER_ID_LABEL_RE = re.compile(
    r"(?:\b(?:order|orders|invoice|inv|ref|reference|tracking|track|shipment|parcel|package|confirmation|conf"
    r"|ticket|case|incident|po|account|acct|routing|aba|iban|zip|zipcode|postal|postcode|serial|sn|part|sku|isbn"
    r"|waybill|awb|shipping|container|vin|asin|upc|ean|gtin"
    r"|item|batch|lot|transaction|txn|receipt|booking|reservation|claim|policy|customer|member|employee|student"
    r"|patient|record|build|job|run|request|req|id|ids|uid|pid|pr|issue|version|amount|total|balance|qty"
    r"|quantity|count|population|pin|otp|code)\b|#)"
    r"(?:[ \t]*(?:number|num|nbr|no\.?|nr\.?|id|#|:|=|-))*[ \t:#=.\-]*\Z",
    re.I,
)
# ... unless words near it say it is one.
# A count or unit right after the number says the same ("412837465 bytes").
_UNIT_AFTER_RE = re.compile(
    r"[ \t]*(?:bytes?|[kmgt]i?b|ms|seconds?|secs?|rows?|records?|users?|people|persons|items?|times|views?"
    r"|downloads?|visitors?|tokens?|requests?|dollars?|usd|eur|gbp|cents?|km|miles?|meters?|lines?|words?"
    r"|pixels?|px|points?|votes?|units?|pieces?|copies|subscribers?|followers?|cases?|deaths?|tons?|barrels?)\b",
    re.I,
)
_SSN_WORDS_RE = re.compile(r"\b(?:ssn|ss[ \t]?#|ss[ \t]?no|social|soc\.?[ \t]?sec)", re.I)
_PHONE_WORDS_RE = re.compile(r"\b(?:phone|tel|telephone|mobile|cell|cellphone|call|text|sms|fax|whatsapp|dial)\b", re.I)


def _digits(text: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in text if ch.isdigit())


def luhn_ok(number: str) -> bool:
    """True if the digit string passes the Luhn (mod 10) check."""
    total = 0
    for index, ch in enumerate(reversed(number)):
        value = int(ch)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(number: str):
    """Issuer of a card number by prefix and length (None if no brand fits)."""
    n, p2, p3, p4, p6 = len(number), int(number[:2]), int(number[:3]), int(number[:4]), int(number[:6])
    if number[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39)) and 14 <= n <= 19:
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    return None


def is_card_number(number: str) -> bool:
    return 13 <= len(number) <= 19 and card_brand(number) is not None and luhn_ok(number)


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """SSA rules: area 001-665, 667-899; group 01-99; serial 0001-9999."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _nanp_code_ok(code: str, is_area: bool) -> bool:
    if code[0] in "01" or code[1:] == "11":
        return False
    return not (is_area and code[1] == "9")


def _line_before(text: str, start: int, width: int) -> str:
    window = text[max(0, start - width):start]
    return window[window.rfind("\n") + 1:]


def _line_after(text: str, end: int, width: int) -> str:
    return text[end:end + width].split("\n", 1)[0]


def _bare_number_counts(text: str, start: int, end: int, words: re.Pattern) -> bool:
    """A bare digit run counts unless a label names it as another identifier (and no
    word near it names it as this kind)."""
    before = _line_before(text, start, 40)
    if not (_OTHER_ID_LABEL_RE.search(before) or _UNIT_AFTER_RE.match(text, end)):
        return True
    return bool(words.search(before) or words.search(_line_after(text, end, 25)))


def _emails(text: str):
    for m in _EMAIL_RE.finditer(text):
        local, domain = m.group("local"), m.group("domain")
        if len(local) > 64 or len(m.group(0)) > 254 or _RETINA_ASSET_RE.fullmatch(domain):
            continue
        if text.startswith(":", m.end()) and not text[m.end() + 1:m.end() + 2].isspace():
            continue  # scp/ssh remote such as git@github.com:org/repo.git
        yield Finding(EMAIL, m.start(), m.end())


def _ssns(text: str):
    for m in _SSN_RE.finditer(text):
        s1, s2 = m.group("s1"), m.group("s2")
        if bool(s1) != bool(s2):
            continue
        area, group, serial = (_digits(m.group(k)) for k in ("area", "group", "serial"))
        if not ssn_valid(area, group, serial):
            continue
        if not s1 and not _bare_number_counts(text, m.start(), m.end(), _SSN_WORDS_RE):
            continue
        yield Finding(US_SSN, m.start(), m.end())


def _phones(text: str):
    for m in _PHONE_RE.finditer(text):
        area = _digits(m.group("area_p") or m.group("area"))
        if not (_nanp_code_ok(area, True) and _nanp_code_ok(_digits(m.group("exchange")), False)):
            continue
        bare = not (m.group("plus") or m.group("s0") or m.group("area_p") or m.group("s1") or m.group("s2"))
        if bare and not _bare_number_counts(text, m.start(), m.end(), _PHONE_WORDS_RE):
            continue
        yield Finding(US_PHONE, m.start(), m.end())


def _cards(text: str):
    for run in _DIGIT_RUN_RE.finditer(text):
        groups = [(g.start(), g.end(), _digits(g.group(0))) for g in _DIGIT_GROUP_RE.finditer(run.group(0))]
        if sum(len(g[2]) for g in groups) < 13:
            continue
        best = None
        for i in range(len(groups)):
            number = ""
            for j in range(i, min(len(groups), i + 8)):
                if j > i and (len(groups[j][2]) < 3 or len(groups[i][2]) < 3):
                    break  # grouped cards use groups of 3+ digits
                number += groups[j][2]
                if len(number) > 19:
                    break
                if is_card_number(number) and (best is None or len(number) > best[0]):
                    best = (len(number), run.start() + groups[i][0], run.start() + groups[j][1])
        if best:
            yield Finding(CREDIT_CARD, best[1], best[2])


def find_pii(text: str) -> list:
    """All PII findings in ``text``, non-overlapping, in order of position."""
    if not isinstance(text, str) or not text:
        return []
    found = [*_cards(text), *_ssns(text), *_phones(text), *_emails(text)]
    found.sort(key=lambda f: (-(f.end - f.start), _PRIORITY[f.kind], f.start))
    chosen = []
    for f in found:
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def _canonical(text: str) -> str:
    """NFKC with format characters (zero-width spaces and joiners) removed."""
    return unicodedata.normalize("NFKC", "".join(ch for ch in text if unicodedata.category(ch) != "Cf"))


def pii_kinds(text: str) -> list:
    """Sorted kinds found in ``text`` or in its canonical form (defeats zero-width tricks)."""
    if not isinstance(text, str) or not text:
        return []
    kinds = {f.kind for f in find_pii(text)}
    canonical = _canonical(text)
    if canonical != text:
        kinds.update(f.kind for f in find_pii(canonical))
    return sorted(kinds)


def redaction(kind: str) -> str:
    return "[REDACTED_" + kind.upper() + "]"


def mask_pii(text: str) -> str:
    """``text`` with every finding replaced by ``[REDACTED_<KIND>]``."""
    if not isinstance(text, str) or not text:
        return text
    out, pos = [], 0
    for f in find_pii(text):
        out += [text[pos:f.start], redaction(f.kind)]
        pos = f.end
    return "".join(out) + text[pos:]


def iter_strings(value):
    """Every string inside nested dicts and lists (message parts, tool call arguments, ...)."""
    if isinstance(value, str):
        if not value.startswith("data:"):  # inline images/files: base64, not text
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_strings(item)


def request_pii_kinds(data: dict) -> list:
    """Kinds found in the user-supplied text fields of a proxy request body."""
    kinds = set()
    for field in REQUEST_TEXT_FIELDS:
        for text in iter_strings(data.get(field)):
            kinds.update(pii_kinds(text))
    return sorted(kinds)


def block_message(kinds) -> str:
    return ("Request blocked by the PII guardrail: it contains " + ", ".join(sorted(kinds))
            + ". Remove the personal data and try again.")


# ---------------------------------------------------------------- responses
def _get(obj, name):
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _set(obj, name, value):
    if isinstance(obj, dict):
        obj[name] = value
    else:
        setattr(obj, name, value)


def mask_deep(obj, _depth: int = 0):
    """Mask every string inside ``obj`` (dicts, lists, pydantic models, with their extra fields),
    in place where possible; returns the masked object (a new one only for a bare string)."""
    if isinstance(obj, str):
        masked = mask_pii(obj)
        return obj if masked == obj else masked
    if _depth > 16 or obj is None or isinstance(obj, (int, float, bool, bytes)):
        return obj
    if isinstance(obj, list):
        for i, value in enumerate(obj):
            obj[i] = mask_deep(value, _depth + 1)
    elif isinstance(obj, dict):
        for key, value in list(obj.items()):
            obj[key] = mask_deep(value, _depth + 1)
    elif hasattr(type(obj), "model_fields"):  # pydantic models (LiteLLM's response types)
        names = list(getattr(obj, "__dict__", None) or {})
        names += [n for n in getattr(obj, "__pydantic_extra__", None) or {} if n not in names]
        for key in names:
            value = getattr(obj, key, None)
            masked = mask_deep(value, _depth + 1)
            if masked is not value:
                try:
                    setattr(obj, key, masked)
                except Exception:  # a frozen field: leave it
                    pass
    return obj


def mask_response(response):
    """Mask PII anywhere in a finished answer (chat or text completion, Responses API,
    Anthropic messages), in place."""
    return mask_deep(response)


class StreamMasker:
    """Masks a text that arrives in pieces, holding back only what could still
    turn out to be part of a value.  Values up to ``hold`` characters long (all
    kinds but emails) and emails (one whitespace-free token of at most 254
    characters) are masked whole, however the pieces split them."""

    def __init__(self, hold: int = 64):
        self.hold, self.pending = hold, ""

    def feed(self, piece: str) -> str:
        self.pending += piece or ""
        text = self.pending
        cut = len(text) - self.hold
        floor = max(0, cut - 256)  # an email is at most 254 characters: no need to go further back
        while cut > floor and not text[cut - 1].isspace():
            cut -= 1
        if cut <= 0:
            return ""
        findings = find_pii(text)
        for f in findings:
            if f.start < cut < f.end:
                cut = f.start
        out, pos = [], 0
        for f in findings:
            if f.end <= cut:
                out += [text[pos:f.start], redaction(f.kind)]
                pos = f.end
        out.append(text[pos:cut])
        self.pending = text[cut:]
        return "".join(out)

    def flush(self) -> str:
        text, self.pending = self.pending, ""
        return mask_pii(text)


class StreamRewriter:
    """Rewrites a stream of answer chunks so no PII gets through, in the three shapes the
    proxy streams: OpenAI chunks with ``choices`` (chat and text completions), Responses API
    events (``response.output_text.delta`` ...) and Anthropic SSE bytes (/v1/messages).
    Text deltas go through a StreamMasker per text slot; whole events are masked as they are.
    Chunks whose text is entirely held back are dropped; the rest follows later."""

    def __init__(self, hold: int = 64):
        self.hold, self.maskers, self.templates = hold, {}, {}
        self.encode = None  # str -> chunk type of an SSE stream (bytes or str)

    def _feed(self, key, piece) -> str:
        return self.maskers.setdefault(key, StreamMasker(self.hold)).feed(piece if isinstance(piece, str) else "")

    def _flush(self, key) -> str:
        masker = self.maskers.pop(key, None)
        return masker.flush() if masker else ""

    def rewrite(self, chunk) -> list:
        if isinstance(chunk, (bytes, str)):
            return self._sse(chunk)
        if _get(chunk, "choices") is not None:
            return self._choices(chunk)
        kind = _get(chunk, "type")
        kind = getattr(kind, "value", kind)
        if isinstance(kind, str):
            return self._event(chunk, kind)
        return [mask_deep(chunk)]  # unknown shape: at least every whole string is masked

    def finish(self) -> list:
        """Whatever is still held back when the stream ends."""
        out = []
        for key in list(self.maskers):
            rest = self._flush(key)
            if rest:
                out.extend(self._carrier(key, rest))
        return out

    @staticmethod
    def _sse_block(index, text) -> str:
        event = {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}}
        return f"event: content_block_delta\ndata: {json.dumps(event)}\n\n"

    def _carrier(self, key, text) -> list:
        """A new chunk carrying ``text`` for the slot ``key``."""
        if key[0] == "sse":
            return [self.encode(self._sse_block(key[1], text))]
        template = self.templates.get(key)
        if template is None:
            return []
        chunk = copy.deepcopy(template)
        if key[0] == "choice":
            for choice in _get(chunk, "choices") or []:
                holder, attr = _stream_slot(choice)
                if holder is not None:
                    _set(holder, attr, text if (_get(choice, "index") or 0) == key[1] else "")
                    _set(choice, "finish_reason", None)
        else:
            _set(chunk, "delta", text)
        return [chunk]

    def _choices(self, chunk) -> list:
        keep = bool(_get(chunk, "usage")) or not _get(chunk, "choices")
        for choice in _get(chunk, "choices") or []:
            holder, attr = _stream_slot(choice)
            if holder is None:
                keep = True
                continue
            key = ("choice", _get(choice, "index") or 0)
            piece = _get(holder, attr)
            text = self._feed(key, piece)
            if _get(choice, "finish_reason"):
                text += self._flush(key)
            if isinstance(piece, str) or text:
                _set(holder, attr, text)
            for call in _get(holder, "tool_calls") or []:
                mask_deep(_get(call, "function"))
            keep = keep or bool(text) or not piece or bool(_get(choice, "finish_reason") or _get(holder, "tool_calls"))
            if key not in self.templates:
                self.templates[key] = copy.deepcopy(chunk)
        return [chunk] if keep else []

    def _event(self, chunk, kind: str) -> list:
        key = ("event", _get(chunk, "output_index") or 0, _get(chunk, "content_index") or 0)
        if kind.endswith("output_text.delta"):
            if key not in self.templates:
                self.templates[key] = copy.deepcopy(chunk)
            text = self._feed(key, _get(chunk, "delta"))
            if not text:
                return []
            _set(chunk, "delta", text)
            return [chunk]
        out = []
        if kind.endswith("output_text.done"):
            rest = self._flush(key)
            out = self._carrier(key, rest) if rest else []
        return out + [mask_deep(chunk)]

    def _sse(self, chunk) -> list:
        raw = chunk.decode("utf-8", "replace") if isinstance(chunk, bytes) else chunk
        self.encode = (lambda s: s.encode("utf-8")) if isinstance(chunk, bytes) else (lambda s: s)
        blocks = []
        for block in raw.split("\n\n"):
            if not block.strip():
                continue
            lines = block.split("\n")
            at = next((i for i, line in enumerate(lines) if line.startswith("data:")), None)
            try:
                event = json.loads(lines[at][5:]) if at is not None else None
            except ValueError:
                event = None
            if not isinstance(event, dict):
                blocks.append(mask_pii(block))
                continue
            delta = event.get("delta") if isinstance(event.get("delta"), dict) else {}
            if event.get("type") == "content_block_delta" and delta.get("type") == "text_delta":
                delta["text"] = self._feed(("sse", event.get("index", 0)), delta.get("text"))
                if not delta["text"]:
                    continue
            else:
                if event.get("type") == "content_block_stop":
                    rest = self._flush(("sse", event.get("index", 0)))
                    if rest:
                        blocks.append(self._sse_block(event.get("index", 0), rest))
                mask_deep(event)
            lines[at] = "data: " + json.dumps(event)
            blocks.append("\n".join(lines))
        text = "".join(block if block.endswith("\n\n") else block + "\n\n" for block in blocks)
        return [self.encode(text)] if text else []


def _stream_slot(choice):
    """(holder, attribute) of the text in a streamed choice, or (None, None)."""
    delta = _get(choice, "delta")
    if delta is not None:
        return delta, "content"
    if isinstance(_get(choice, "text"), str):
        return choice, "text"
    return None, None


async def mask_stream(chunks, hold: int = 64):
    """Re-yield streamed chunks with PII masked across chunk boundaries."""
    rewriter = StreamRewriter(hold)
    async for chunk in chunks:
        for out in rewriter.rewrite(chunk):
            yield out
    for out in rewriter.finish():
        yield out


# ---------------------------------------------------------------- LiteLLM
try:
    from fastapi import HTTPException
    from litellm.integrations.custom_guardrail import CustomGuardrail
except ModuleNotFoundError as exc:  # detection is usable without LiteLLM
    if (exc.name or "").split(".")[0] not in ("litellm", "fastapi"):
        raise
    CustomGuardrail = None

if CustomGuardrail is not None:

    class PiiGuardrail(CustomGuardrail):
        """pre_call: reject requests carrying PII (400).  post_call: mask PII in answers."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)

        async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
            kinds = request_pii_kinds(data)
            if kinds:
                raise HTTPException(status_code=400, detail={"error": block_message(kinds), "pii_kinds": kinds})
            return data

        async def async_post_call_success_hook(self, data, user_api_key_dict, response):
            return mask_response(response)

        async def async_post_call_streaming_iterator_hook(self, user_api_key_dict, response, request_data):
            async for chunk in mask_stream(response):
                yield chunk
