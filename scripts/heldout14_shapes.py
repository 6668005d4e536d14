"""Templates of the heldout14 set (scripts/make_heldout14.py): 50 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from
``fill``) and, in their place when a kind is absent, a substitute that is not PII. Every shape always carries
numbers that are not PII (look-alikes with their own check digits, ids, timestamps, amounts...)."""
import json
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(not provided)", "N/A", "withheld", "[removed]", "on file", "--", "none", "TBD", "null", "—", "n/d"]
ORDER = ("email", "us_phone", "us_ssn", "credit_card")
LABELS = {
    "email": ["email", "E-Mail", "correo", "メール", "이메일", "邮箱", "эл. почта", "Email address", "courriel", "contact_email"],
    "us_phone": ["phone", "Telefon", "teléfono", "電話番号", "전화번호", "电话", "телефон", "Mobile", "tel", "callback"],
    "us_ssn": ["SSN", "Social Security No.", "SSN (US)", "TIN/SSN", "social", "ssn"],
    "credit_card": ["card", "Kartennummer", "tarjeta", "カード番号", "카드번호", "卡号", "номер карты", "PAN", "card_number"],
}


def shape(fn):
    SHAPES[fn.__name__] = fn
    return fn


def fill(g, kinds, locales=None):
    """A person and the PII values for ``kinds``; details name the locale, phone country, SSN form, brand."""
    p = g.person(locales)
    v, det = {}, [f"locale={p['locale']}"]
    if "email" in kinds:
        v["email"] = g.email(p)
    if "us_phone" in kinds:
        country, v["us_phone"] = g.phone(p)
        det.append(f"phone={country}")
    if "us_ssn" in kinds:
        v["us_ssn"], form = g.ssn()
        det.append(f"ssn={form}")
    if "credit_card" in kinds:
        v["credit_card"], brand = g.card()
        det.append(f"card={brand}")
    return p, v, " ".join(det)


def decoy(g, kind):
    """What stands in a field of an absent kind: a word, or a look-alike keeping its own check digits or shape."""
    r = g.r
    if r.random() < 0.4:
        return r.choice(SUBSTITUTES)
    if kind == "credit_card":  # card-length Luhn numbers that are no card, and masked cards
        return r.choice([g.iccid(), g.imei(), g.masked_card(), g.isin(), g.sscc(), g.gtin(), g.orcid(), g.isbn(), g.boleto()])
    if kind == "us_ssn":  # an ITIN-range (9xx) or masked number in the SSN's 3-2-4 shape, an EIN
        return r.choice([g.masked_ssn(), g.ein(), f"9{r.randint(0, 9)}{r.randint(0, 9)}-{r.randint(70, 88)}-{r.randint(1000, 9999)}"])
    if kind == "us_phone":  # meeting ids, tracking and item numbers, order numbers, 10-digit NPIs, routing numbers
        return r.choice([f"{r.randint(800, 899)} {r.randint(1000, 9999)} {r.randint(1000, 9999)}", g.tracking(), g.s10(), g.order_no(), g.imo(),
                         g.npi(), g.ndc(), g.bag_tag(), g.dea(), g.aba()])
    return r.choice([g.uuid(), f"https://example.com/u/{g.hexid(8)}", f"ticket-{g.hexid(10)}", g.mac(), g.vin()])  # email: ids, a URL


def alt(g, v, kind):
    return v.get(kind) or decoy(g, kind)


KEYNAMES = {"email": ["email", "emailAddress", "contact_email", "mail"], "us_phone": ["phone", "mobile", "phoneNumber", "tel"],
            "us_ssn": ["ssn", "socialSecurityNumber", "tax_id", "SSN"], "credit_card": ["card_number", "pan", "cardNumber", "cc"]}


def keyed(g, v, skip=()):
    """The placed values as a dict under field names a developer would pick."""
    return {g.r.choice(KEYNAMES[k]): x for k, x in v.items() if k not in skip}


def fields(g, v, subs=1):
    """(label, value) for every placed value, in a varied label, plus up to ``subs`` absent kinds as substitutes."""
    out, absent = [], [k for k in ORDER if k not in v]
    for k in ORDER:
        if k in v:
            out.append((g.r.choice(LABELS[k]), v[k]))
    for k in g.r.sample(absent, min(subs, len(absent))):
        out.append((g.r.choice(LABELS[k]), decoy(g, k)))
    return out


# markup that may split a value: Word's run boundary, RTF bold groups, an HTML word-break hint
RUN_BREAK = "</w:t></w:r><w:r><w:t>"
MARKUP = (RUN_BREAK, "{\\b ", "}", "\\", "<wbr>")


def done(text, det, v):
    """Guard: every placed value is in the text (in plain, JSON-, CSV-, XML- or URL-escaped form, markup removed)."""
    plain = text
    for m in MARKUP:
        plain = plain.replace(m, "")
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1].replace("\\", ""), value.replace('"', '""'), xml(value, True),
                 urllib.parse.quote(value, safe="@"), urllib.parse.quote_plus(value, safe="@"))
        assert any(form in plain or form in text for form in forms), (value, text)
    return text, det


def done_g(g, text, det, v):
    """done(), after putting one placed value at the very start of the text now and then (pasted first, asked about after)."""
    if v and g.r.random() < 0.12:
        first = g.r.choice(sorted(v.values()))
        text = f"{first}{g.r.choice([' <- ', ': ', chr(10), ' — ', ' '])}{text}"
    return done(text, det, v)


def name(p):
    return p["name"]


def split_at(value, sep):
    k = len(value) // 2
    return value[:k] + sep + value[k:]


def xml(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def js(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1)


# ---------- the 50 shapes ----------

@shape
def outlook_fwd_block(g, kinds):
    p, v, det = fill(g, kinds)
    head = ["________________________________", f"From: {name(p)} <{v['email']}>" if "email" in v else f"From: {name(p)}",
            f"Sent: {g.date()} {g.r.randint(1, 12)}:{g.r.randint(10, 59)} PM", "To: Claims Team", f"Subject: RE: case {g.order_no()}", f"Message-ID: {g.msgid()}"]
    body = [f"{lab}: {val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"})]
    return done_g(g, "can you summarise this thread for me?\n\n" + "\n".join(head) + "\n\n" + g.sentence(p) + "\n" + "\n".join(body) +
                f"\nRef IBAN {g.iban()}, container {g.container()}.", det, v)


@shape
def jql_result_table(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"| {g.r.choice(['OPS', 'SUP', 'FIN'])}-{g.r.randint(100, 9999)} | {g.r.choice(['Open', 'In Progress', 'Done'])} | {g.version()} | {g.iso_time()} |"
            for _ in range(2)]
    for lab, val in fields(g, v):
        rows.append(f"| SUP-{g.r.randint(100, 9999)} | Open | customer {lab} {val} | {g.iso_time()} |")
    g.r.shuffle(rows)
    return done_g(g, "project = SUP AND statusCategory != Done ORDER BY created DESC\n| Key | Status | Summary | Created |\n" +
                "\n".join(rows) + "\nwhy does the filter miss tickets from " + p["city"] + "?", det, v)


@shape
def adyen_notification(g, kinds):
    p, v, det = fill(g, kinds)
    data = {"shopperName": name(p), "cardSummary": g.masked_card()[-4:], "authCode": str(g.r.randint(10000, 99999))}
    if "email" in v:
        data["shopperEmail"] = v["email"]
    if "credit_card" in v:
        data["cardNumberRaw"] = v["credit_card"]
    if "us_phone" in v:
        data["telephoneNumber"] = v["us_phone"]
    if "us_ssn" in v:
        data["socialSecurityNumber"] = v["us_ssn"]
    item = {"NotificationRequestItem": {"eventCode": "AUTHORISATION", "success": "false", "pspReference": g.hexid(16).upper(),
                                        "merchantReference": g.order_no(), "amount": {"value": g.r.randint(100, 99999), "currency": "EUR"},
                                        "eventDate": g.iso_time(), "additionalData": data}}
    return done_g(g, "our webhook returns 500 on this Adyen notification:\n" + js({"live": "false", "notificationItems": [item]}), det, v)


@shape
def air_waybill(g, kinds):
    p, v, det = fill(g, kinds)
    awb = f"{g.r.choice(['020', '176', '618', '157'])}-{g.r.randint(1000000, 9999999)}{g.r.randint(0, 6)}"
    rows = [f"AWB {awb}", f"SHIPPER: {g.org(p)}", f"CONSIGNEE: {name(p).upper()} {p['city'].upper()}",
            f"ULD {g.container()}  PCS {g.r.randint(1, 40)}  WT {g.r.randint(5, 900)}K"]
    rows += [f"NOTIFY {lab.upper()}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\nexplain what NOTIFY means on this air waybill", det, v)


@shape
def apollo_error_response(g, kinds):
    p, v, det = fill(g, kinds)
    variables = keyed(g, v)
    resp = {"errors": [{"message": "Variable \"$input\" got invalid value", "locations": [{"line": 1, "column": g.r.randint(5, 60)}],
                        "extensions": {"code": "BAD_USER_INPUT", "traceId": g.hexid(32)}}],
            "data": None, "extensions": {"variables": {"input": {"displayName": name(p), **variables, "version": g.version()}}}}
    return done_g(g, "Apollo Server says BAD_USER_INPUT, which field is wrong?\n" + js(resp), det, v)


@shape
def avro_json_record(g, kinds):
    p, v, det = fill(g, kinds)
    rec = {"event_id": g.uuid(), "ts": int(g.epoch_ms()), "name": {"string": name(p)},
           "email": {"string": v["email"]} if "email" in v else None, "phone": {"string": v["us_phone"]} if "us_phone" in v else None,
           "tax_ref": {"string": v["us_ssn"]} if "us_ssn" in v else None, "pan": {"string": v["credit_card"]} if "credit_card" in v else None,
           "isin": g.isin()}
    return done_g(g, "avro-tools fromjson rejects this record against the schema (union types):\n" + json.dumps(rec, ensure_ascii=False), det, v)


@shape
def grafana_alert_email(g, kinds):
    p, v, det = fill(g, kinds)
    labels = [f"alertname=SignupErrors", f"instance={g.ip()}:9100", f"job=api", f"version={g.version()}"]
    anns = [f"summary=Signup failed for {lab} {val}" for lab, val in fields(g, v, subs=0)] or [f"summary=rate {g.r.randint(2, 90)}%"]
    return done_g(g, f"[FIRING:1] SignupErrors ({g.iso_time()})\nLabels:\n" + "\n".join(" - " + x for x in labels) + "\nAnnotations:\n" +
                "\n".join(" - " + x for x in anns) + f"\nSilence: https://grafana.example.net/alerting/silence/new?alertmanager=grafana&matcher=fp%3D{g.hexid(16)}", det, v)


@shape
def freshdesk_ticket_json(g, kinds):
    p, v, det = fill(g, kinds)
    desc = f"<div>{g.sentence(p)}</div>" + "".join(f"<div>{lab}: {split_at(val, '<wbr>') if g.r.random() < 0.3 else val}</div>" for lab, val in fields(g, v))
    ticket = {"id": g.r.randint(1000, 999999), "subject": f"Refund {g.order_no()}", "requester": {"name": name(p), "email": v.get("email")},
              "description": desc, "custom_fields": {"cf_tracking": g.tracking()}, "created_at": g.iso_time()}
    return done_g(g, "Freshdesk API returns this ticket; I need the description as plain text:\n" + js(ticket), det, v)


@shape
def rechnung_text(g, kinds):
    p, v, det = fill(g, kinds, ["de"])
    rows = [f"RECHNUNG Nr. {g.r.randint(2024, 2026)}-{g.r.randint(1000, 9999)}", f"Rechnungsdatum: {g.date()}", f"Kunde: {name(p)}, {p['city']}",
            f"Pos. 1  Wartung  {g.amount()}", f"USt-IdNr. DE{g.r.randint(10**8, 10**9 - 1)}", f"Bankverbindung: IBAN {g.iban()}"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\nBitte übersetze die Rechnung ins Englische.", det, v)


@shape
def raschetny_listok(g, kinds):
    p, v, det = fill(g, kinds, ["ru", "uk"])
    rows = [f"РАСЧЁТНЫЙ ЛИСТОК за {g.r.choice(['март', 'май', 'октябрь'])} {g.r.randint(2023, 2026)}", f"Сотрудник: {name(p)}",
            f"Оклад: {g.r.randint(40000, 250000)} руб.", f"НДФЛ 13%: {g.r.randint(5000, 30000)} руб.", f"Таб. № {g.r.randint(100, 9999)}"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\nпочему НДФЛ такой большой?", det, v)


@shape
def prom_exposition(g, kinds):
    p, v, det = fill(g, kinds)
    lines = ["# HELP signup_attempts_total Signup attempts.", "# TYPE signup_attempts_total counter"]
    for lab, val in fields(g, v, subs=0):
        lines.append(f'signup_attempts_total{{user="{val}",result="error"}} {g.r.randint(1, 90)}')
    lines += [f'signup_attempts_total{{user="anonymous",result="ok"}} {g.r.randint(100, 9999)}',
              f'build_info{{version="{g.version()}",revision="{g.hexid(12)}"}} 1', f"process_start_time_seconds {g.epoch()}"]
    return done_g(g, "our /metrics is exploding in cardinality, is this label the reason?\n" + "\n".join(lines), det, v)


@shape
def datadog_log_line(g, kinds):
    p, v, det = fill(g, kinds)
    attrs = {"service": "checkout", "dd": {"trace_id": str(g.r.randint(10**17, 10**18)), "span_id": str(g.r.randint(10**17, 10**18))},
             "usr": {"name": p["name"], **{k: x for k, x in v.items() if k == "email"}},
             "msg": " ".join(f"{lab}:{val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"})), "ts": g.iso_time()}
    return done_g(g, "Datadog Live Tail shows this, I want a sensitive data scanner rule:\n" + json.dumps(attrs, ensure_ascii=False), det, v)


@shape
def intercom_transcript(g, kinds):
    p, v, det = fill(g, kinds)
    msgs = [f"[{g.iso_time()[11:16]}] Operator: Hi {p['name'].split()[0]}, how can we help?", f"[{g.iso_time()[11:16]}] {p['name']}: {g.sentence(p)}"]
    for lab, val in fields(g, v):
        msgs.append(f"[{g.iso_time()[11:16]}] {p['name']}: {lab} {val}")
    msgs.append(f"[{g.iso_time()[11:16]}] Operator: thanks, ticket {g.order_no()} created")
    return done_g(g, "exported Intercom conversation, please make a summary:\n" + "\n".join(msgs), det, v)


@shape
def mitmproxy_flow(g, kinds):
    p, v, det = fill(g, kinds)
    form = "&".join(f"{urllib.parse.quote(lab)}={urllib.parse.quote(val, safe='@')}" for lab, val in fields(g, v))
    return done_g(g, f"{g.ip()}:{g.r.randint(30000, 65000)}: POST https://m.example-shop.com/checkout/submit\n    << 302 Found {g.r.randint(0, 9)}b\n"
                f"Request form:\n{form}\nCookie: sid={g.hexid(32)}\ncaptured from the app with mitmproxy, is this sent unencrypted?", det, v)


@shape
def ses_bounce_notification(g, kinds):
    p, v, det = fill(g, kinds)
    msg = {"notificationType": "Bounce", "bounce": {"bounceType": "Permanent", "feedbackId": f"{g.hexid(16)}-{g.uuid()}-000000",
           "bouncedRecipients": [{"emailAddress": v["email"], "status": "5.1.1"}] if "email" in v else [], "timestamp": g.iso_time()},
           "mail": {"messageId": g.hexid(40), "headers": [{"name": "Message-ID", "value": g.msgid()}], "sourceArn": f"arn:aws:ses:eu-west-1:{g.r.randint(10**11, 10**12 - 1)}:identity/example.com",
                    "commonHeaders": {"subject": " / ".join(f"{lab} {val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"})) or f"Invoice {g.order_no()}"}}}
    return done_g(g, "SNS delivered this SES bounce, our handler crashes:\n" + js(msg), det, v)


@shape
def sendgrid_event_batch(g, kinds):
    p, v, det = fill(g, kinds)
    ev = [{"event": "processed", "sg_message_id": f"{g.hexid(22)}.filter{g.r.randint(1, 9)}", "timestamp": int(g.epoch())}]
    e = {"event": "dropped", "reason": "Bounced Address", "timestamp": int(g.epoch()), "category": ["receipt"]}
    if "email" in v:
        e["email"] = v["email"]
    e["unique_args"] = keyed(g, v, skip=("email",))
    ev.append(e)
    return done_g(g, "SendGrid Event Webhook batch, why are the custom args in the event?\n" + js(ev), det, v)


@shape
def mailgun_log_row(g, kinds):
    p, v, det = fill(g, kinds)
    vars_ = {lab: val for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"})}
    row = f"{g.iso_time()}  failed  {v['email'] if 'email' in v else '(suppressed)'}  550 5.7.1  id={g.hexid(20)}  user-variables={json.dumps(vars_, ensure_ascii=False)}"
    return done_g(g, "Mailgun logs page shows:\n" + row + "\nis 550 5.7.1 a blocklist?", det, v)


@shape
def vonage_dlr(g, kinds):
    p, v, det = fill(g, kinds)
    params = {"msisdn": v.get("us_phone", alt(g, {}, "us_phone")), "to": "ACME", "network-code": str(g.r.randint(20000, 50000)),
              "messageId": g.hexid(16).upper(), "price": f"0.0{g.r.randint(10, 99)}", "status": "failed", "err-code": str(g.r.randint(1, 99)),
              "message-timestamp": g.iso_time()[:19].replace("T", " "), "client-ref": " ".join(f"{lab}:{val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != "us_phone"}, subs=0))}
    return done_g(g, "Vonage delivery receipt hitting our endpoint:\nGET /dlr?" + urllib.parse.urlencode(params, safe="@"), det, v)


@shape
def wechat_pay_notify(g, kinds):
    p, v, det = fill(g, kinds, ["zh"])
    tags = [f"<appid>wx{g.hexid(16)}</appid>", f"<out_trade_no>{g.r.randint(10**17, 10**18)}</out_trade_no>", f"<total_fee>{g.r.randint(100, 99999)}</total_fee>",
            f"<nonce_str>{g.hexid(32)}</nonce_str>"]
    attach = "；".join(f"{lab}：{val}" for lab, val in fields(g, v))
    tags.append(f"<attach><![CDATA[{p['name']} {attach}]]></attach>")
    return done_g(g, "微信支付回调签名校验失败，报文如下：\n<xml>\n" + "\n".join(tags) + "\n</xml>", det, v)


@shape
def smartstore_order(g, kinds):
    p, v, det = fill(g, kinds, ["ko"])
    rows = [f"상품주문번호: {g.r.randint(10**15, 10**16)}", f"주문자: {p['name']}", f"결제금액: {g.r.randint(1000, 900000):,}원", f"송장번호: {g.r.randint(10**11, 10**12)}"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "스마트스토어 주문 내역인데 배송지 변경 메일 좀 써줘:\n" + "\n".join(rows), det, v)


@shape
def rakuten_order_mail(g, kinds):
    p, v, det = fill(g, kinds, ["ja"])
    rows = ["【楽天市場】注文内容ご確認（自動配信メール）", f"[受注番号] {g.r.randint(100000, 999999)}-{g.r.randint(20230101, 20261231)}-{g.r.randint(10**9, 10**10)}",
            f"[注文者] {p['name']} 様", f"[合計] {g.r.randint(500, 90000):,}円"]
    rows += [f"[{lab}] {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\nこのメールを英語に訳してください", det, v)


@shape
def uscis_receipt_notice(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"Receipt Number: {g.r.choice(['IOE', 'EAC', 'WAC', 'LIN'])}{g.r.randint(10**9, 10**10 - 1)}", f"Case Type: I-{g.r.choice(['130', '485', '765'])}",
            f"Received Date: {g.date()}", f"Applicant: {p['name'].upper()}", f"A-Number: A{g.r.randint(10**8, 10**9 - 1)}"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "I-797C Notice of Action, what does it mean?\n" + "\n".join(rows), det, v)


@shape
def kvitantsiya_zhkh(g, kinds):
    p, v, det = fill(g, kinds, ["ru", "uk"])
    rows = [f"ЕДИНЫЙ ПЛАТЁЖНЫЙ ДОКУМЕНТ за {g.r.randint(1, 12):02d}.{g.r.randint(2023, 2026)}", f"Плательщик: {p['name']}",
            f"Лицевой счёт: {g.r.randint(10**9, 10**10)}", f"Холодная вода: {g.r.randint(1, 30)} м³", f"ИТОГО: {g.r.randint(2000, 12000)},{g.r.randint(10, 99)} руб."]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\nпроверь, правильно ли начислено", det, v)


@shape
def hoa_don_gtgt(g, kinds):
    p, v, det = fill(g, kinds, ["vi"])
    rows = ["HÓA ĐƠN GIÁ TRỊ GIA TĂNG", f"Ký hiệu: 1C{g.r.randint(23, 26)}TAA  Số: {g.r.randint(1, 9999999):07d}", f"Người mua hàng: {p['name']}",
            f"Mã số thuế: {g.r.randint(10**9, 10**10 - 1)}", f"Tổng tiền thanh toán: {g.r.randint(100000, 90000000):,} đ"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done_g(g, "\n".join(rows) + "\ndịch hóa đơn này sang tiếng Anh", det, v)


@shape
def cfdi_xml(g, kinds):
    p, v, det = fill(g, kinds, ["es-MX", "es"])
    attrs = " ".join(f'{k}="{xml(x, True)}"' for k, x in (("Nombre", p["name"]), ("Rfc", f"XAXX0101{g.r.randint(10, 99)}000"), ("UsoCFDI", "G03")))
    addenda = "".join(f'<ad:Dato clave="{xml(lab, True)}" valor="{xml(val, True)}"/>' for lab, val in fields(g, v))
    return done_g(g, f'<cfdi:Comprobante Version="4.0" Folio="{g.r.randint(1, 99999)}" Fecha="{g.iso_time()[:19]}" Total="{g.r.randint(100, 99999)}.00" Moneda="MXN">\n'
                f'  <cfdi:Receptor {attrs}/>\n  <cfdi:Complemento><tfd:TimbreFiscalDigital UUID="{g.uuid().upper()}"/></cfdi:Complemento>\n'
                f'  <cfdi:Addenda>{addenda}</cfdi:Addenda>\n</cfdi:Comprobante>\n¿por qué el SAT rechaza la addenda?', det, v)


@shape
def fattura_pa_xml(g, kinds):
    p, v, det = fill(g, kinds, ["it"])
    contatti = "".join(f"<{tag}>{xml(v[k])}</{tag}>" for k, tag in (("us_phone", "Telefono"), ("email", "Email")) if k in v)
    causale = "; ".join(f"{lab} {val}" for lab, val in fields(g, {k: x for k, x in v.items() if k in ("us_ssn", "credit_card")}, subs=0))
    return done_g(g, f"<FatturaElettronicaHeader><CedentePrestatore><DatiAnagrafici><IdFiscaleIVA><IdPaese>IT</IdPaese><IdCodice>{g.r.randint(10**10, 10**11 - 1)}</IdCodice></IdFiscaleIVA>"
                f"<Anagrafica><Denominazione>{xml(g.org(p))}</Denominazione></Anagrafica></DatiAnagrafici><Contatti>{contatti}</Contatti></CedentePrestatore>"
                f"</FatturaElettronicaHeader><DatiGenerali><Numero>{g.r.randint(1, 999)}/{g.r.randint(2023, 2026)}</Numero><Causale>{xml(causale or p['name'])}</Causale>"
                f"<IBAN>{g.iban().replace(' ', '')}</IBAN></DatiGenerali>\nlo SdI scarta la fattura con errore 00305, perché?", det, v)


@shape
def docx_comment_xml(g, kinds):
    p, v, det = fill(g, kinds)
    runs = []
    for lab, val in fields(g, v):
        shown = split_at(val, RUN_BREAK) if g.r.random() < 0.5 else val
        runs.append(f"<w:r><w:t>{lab}: {shown}</w:t></w:r>")
    return done_g(g, f'<w:comment w:id="{g.r.randint(0, 99)}" w:author="{xml(p["name"], True)}" w:date="{g.iso_time()}"><w:p>' + "".join(runs) +
                f"<w:r><w:t> see ISIN {g.isin()}</w:t></w:r></w:p></w:comment>\nextracted from comments.xml, how do I strip these?", det, v)


@shape
def ship_crew_list(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"FAL FORM 5 — CREW LIST  Vessel MV {g.org(p)[:18]}  {g.imo()}  Flag {g.r.choice(['PA', 'LR', 'MH', 'SG'])}",
            f"Port of arrival: {p['city']}  ETA {g.iso_time()}", f"1  {p['name'].upper()}  Master  Passport {g.r.choice('CDEFGHJK')}{g.r.randint(10**6, 10**7)}"]
    rows += [f"   {lab}: {val}" for lab, val in fields(g, v)]
    rows.append(f"Container on deck: {g.container()}")
    return done_g(g, "\n".join(rows) + "\ncheck this crew list for the port agent", det, v)


@shape
def journald_json(g, kinds):
    p, v, det = fill(g, kinds)
    msg = "signup rejected: " + ", ".join(f"{lab}={val}" for lab, val in fields(g, v))
    ev = {"__REALTIME_TIMESTAMP": g.epoch() + str(g.r.randint(100000, 999999)), "_BOOT_ID": g.hexid(32), "_SYSTEMD_UNIT": "signup.service",
          "PRIORITY": "3", "_PID": str(g.r.randint(100, 65000)), "MESSAGE": msg, "_HOSTNAME": f"web-{g.r.randint(1, 40)}"}
    return done_g(g, "journalctl -u signup -o json | tail -1\n" + json.dumps(ev, ensure_ascii=False) + "\nhow do I stop this being logged?", det, v)


@shape
def dynamodb_scan(g, kinds):
    p, v, det = fill(g, kinds)
    item = {"pk": {"S": f"USER#{g.uuid()}"}, "name": {"S": p["name"]}, "createdAt": {"N": g.epoch()}}
    keys = {"email": "email", "us_phone": "phone", "us_ssn": "ssn", "credit_card": "cardNumber"}
    item.update({keys[k]: {"S": x} for k, x in v.items()})
    out = {"Items": [item], "Count": 1, "ScannedCount": g.r.randint(1, 5000), "LastEvaluatedKey": {"pk": {"S": f"USER#{g.uuid()}"}}}
    return done_g(g, "$ aws dynamodb scan --table-name users --limit 1\n" + js(out) + "\nhow do I turn this into plain JSON in Python?", det, v)


@shape
def redis_hgetall(g, kinds):
    p, v, det = fill(g, kinds)
    pairs = [("name", p["name"]), ("last_seen", g.epoch()), ("cart", g.order_no())] + list(keyed(g, v).items())
    lines, n = [], 1
    for key, val in pairs:
        lines += [f'{n}) "{key}"', f'{n + 1}) "{val}"']
        n += 2
    return done_g(g, f"127.0.0.1:6379> HGETALL session:{g.hexid(24)}\n" + "\n".join(lines) + f"\n127.0.0.1:6379> TTL session\n(integer) {g.r.randint(10, 86400)}", det, v)


@shape
def airflow_task_log(g, kinds):
    p, v, det = fill(g, kinds)
    ts = g.iso_time()[:19].replace("T", ", ")
    rows = [f"[{ts}] {{taskinstance.py:1159}} INFO - Dependencies all met for <TaskInstance: crm_sync.push_contacts manual__{g.iso_time()} [queued]>",
            f"[{ts}] {{crm.py:{g.r.randint(20, 400)}}} INFO - pushing row {g.r.randint(1, 90000)} of {g.r.randint(90000, 200000)}"]
    rows += [f"[{ts}] {{crm.py:{g.r.randint(20, 400)}}} WARNING - rejected {lab}: {val}" for lab, val in fields(g, v)]
    rows.append(f"[{ts}] {{taskinstance.py:1400}} INFO - Marking task as UP_FOR_RETRY. dag_id=crm_sync, run_id={g.uuid()}")
    return done_g(g, "\n".join(rows), det, v)


@shape
def celery_task_failure(g, kinds):
    p, v, det = fill(g, kinds)
    args = "[" + ", ".join(f"'{a}'" for a in [p["name"]] + list(v.values())) + "]"  # as logged, NBSP kept
    return done_g(g, f"[{g.iso_time()[:19].replace('T', ' ')},{g.r.randint(100, 999)}: ERROR/ForkPoolWorker-{g.r.randint(1, 8)}] Task billing.tasks.charge[{g.uuid()}] "
                  f"raised unexpected: GatewayTimeout()\nargs={args}\nkwargs={{'retry': {g.r.randint(0, 5)}, 'gtin': '{g.gtin()}'}}\n"
                  "Traceback (most recent call last):\n  File \"/app/billing/tasks.py\", line 88, in charge\nGatewayTimeout", det, v)


@shape
def sidekiq_retry_json(g, kinds):
    p, v, det = fill(g, kinds)
    arg = keyed(g, v) or {"ref": g.order_no()}
    if "email" in v and g.r.random() < 0.5:  # a hash keyed by the recipient's address
        arg = {v["email"]: keyed(g, v, skip=("email",)) or {"ref": g.order_no()}}
    job = {"class": "WelcomeMailerJob", "args": [g.r.randint(1, 99999), arg],
           "retry": True, "queue": "mailers", "jid": g.hexid(24), "created_at": float(g.epoch()) + g.r.random(), "error_class": "Net::ReadTimeout",
           "retry_count": g.r.randint(0, 24)}
    return done_g(g, "Sidekiq Retries tab, job payload:\n" + js(job) + "\nshould PII be in job args?", det, v)


@shape
def sqs_receive_message(g, kinds):
    p, v, det = fill(g, kinds)
    body = json.dumps({"type": "profile.updated", "name": p["name"], **keyed(g, v), "at": g.iso_time()}, ensure_ascii=False)
    out = {"Messages": [{"MessageId": g.uuid(), "ReceiptHandle": g.hexid(60), "MD5OfBody": g.hexid(32), "Body": body,
                         "Attributes": {"ApproximateReceiveCount": str(g.r.randint(1, 9)), "SentTimestamp": g.epoch_ms()}}]}
    return done_g(g, "$ aws sqs receive-message --queue-url $DLQ\n" + js(out) + "\nwhy do these land in the DLQ?", det, v)


@shape
def snowflake_copy_error(g, kinds):
    p, v, det = fill(g, kinds)
    rec = "|".join([str(g.r.randint(1, 99999)), p["name"]] + list(v.values()) + [g.date()])
    return done_g(g, f"COPY INTO RAW.CUSTOMERS FROM @stage/{g.hexid(8)}.csv.gz\n"
                  f"Numeric value '{p['name'].split()[0]}' is not recognized\n  File '{g.hexid(8)}.csv.gz', line {g.r.randint(2, 90000)}, character {g.r.randint(1, 80)}\n"
                  f"  Row {g.r.randint(1, 9000)}, column \"CUSTOMERS\"[\"AMOUNT\":{g.r.randint(2, 9)}]\n  Rejected record: {rec}\nquery id {g.uuid()}", det, v)


@shape
def dbt_test_failure(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"| {val:<24} | {g.r.randint(2, 9)} |" for _lab, val in fields(g, v, subs=0)] or [f"| {g.order_no():<24} | 2 |"]
    return done_g(g, f"{g.iso_time()[11:19]}  Failure in test unique_stg_customers ({g.hexid(8)})\n{g.iso_time()[11:19]}    Got {len(rows)} results, configured to fail if != 0\n"
                  f"select * from analytics.dbt_test__audit.unique_stg_customers_{g.hexid(10)}\n| unique_field             | n_records |\n" + "\n".join(rows) +
                  f"\nDone. PASS={g.r.randint(10, 400)} WARN=0 ERROR=1 SKIP=0 TOTAL={g.r.randint(400, 900)}", det, v)


@shape
def pg_unique_violation(g, kinds):
    p, v, det = fill(g, kinds)
    lines = []
    for k, x in v.items():
        col = {"email": "email", "us_phone": "phone_e164", "us_ssn": "tax_id", "credit_card": "card_pan"}[k]
        lines.append(f"ERROR:  duplicate key value violates unique constraint \"customers_{col}_key\"\nDETAIL:  Key ({col})=({x}) already exists.")
    if not lines:
        lines.append(f"ERROR:  duplicate key value violates unique constraint \"orders_pkey\"\nDETAIL:  Key (id)=({g.r.randint(1, 10**6)}) already exists.")
    return done_g(g, f"{g.iso_time()[:19].replace('T', ' ')} UTC [{g.r.randint(100, 65000)}] user=app,db=crm " + "\n".join(lines) +
                  f"\nSTATEMENT:  INSERT INTO customers (name, city) VALUES ('{p['name']}', '{p['city']}')", det, v)


@shape
def django_debug_post(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["POST", "Variable\tValue", f"csrfmiddlewaretoken\t'{g.hexid(64)}'", f"full_name\t'{p['name']}'"]
    rows += [f"{lab}\t'{val}'" for lab, val in fields(g, v)]
    return done_g(g, f"IntegrityError at /checkout/\nRequest Method: POST\nDjango Version: {g.version()}\nServer time: {g.date()}\n\n" + "\n".join(rows) +
                  "\n(copied from the yellow debug page) what does this error mean?", det, v)


@shape
def laravel_log(g, kinds):
    p, v, det = fill(g, kinds)
    ctx = json.dumps({"user": p["name"], **keyed(g, v), "order": g.order_no()}, ensure_ascii=False)
    return done_g(g, f"[{g.iso_time()[:19].replace('T', ' ')}] production.ERROR: Payment gateway rejected request {ctx}\n"
                  f"[stacktrace]\n#0 /var/www/app/Services/Pay.php({g.r.randint(10, 300)}): Gateway->charge()\n#1 {{main}}", det, v)


@shape
def soql_result_json(g, kinds):
    p, v, det = fill(g, kinds)
    rec = {"attributes": {"type": "Contact", "url": f"/services/data/v59.0/sobjects/Contact/003{g.hexid(15)}"}, "Name": p["name"],
           "MailingCity": p["city"]}
    keys = {"email": "Email", "us_phone": "MobilePhone", "us_ssn": "SSN__c", "credit_card": "Card_Number__c"}
    rec.update({keys[k]: x for k, x in v.items()})
    return done_g(g, "sf data query -q \"SELECT Name, Email, MobilePhone, SSN__c FROM Contact LIMIT 1\" --json\n" +
                  js({"status": 0, "result": {"totalSize": 1, "done": True, "records": [rec]}}), det, v)


@shape
def calendly_invitee(g, kinds):
    p, v, det = fill(g, kinds)
    qa = [{"question": lab, "answer": val, "position": i} for i, (lab, val) in enumerate(fields(g, {k: x for k, x in v.items() if k != "email"}))]
    payload = {"event": "invitee.created", "payload": {"name": p["name"], "email": v.get("email"), "timezone": "UTC",
               "questions_and_answers": qa, "scheduled_event": {"uri": f"https://api.calendly.com/scheduled_events/{g.uuid()}", "start_time": g.iso_time()}}}
    return done_g(g, "Calendly webhook body, our Zap drops the answers:\n" + js(payload), det, v)


@shape
def gforms_responses_csv(g, kinds):
    p, v, det = fill(g, kinds)
    head = ["Timestamp", "Full name", "City"] + [lab for lab, _ in fields(g, v, subs=0)]
    row = [f"{g.date()} {g.r.randint(0, 23)}:{g.r.randint(10, 59)}:{g.r.randint(10, 59)}", p["name"], p["city"]] + list(v.values())
    text = ",".join(head) + "\n" + ",".join(f'"{c}"' for c in row) + "\n" + f'"{g.date()} 9:00:00","(test)","",' + ",".join('""' for _ in v)
    return done_g(g, "Google Forms responses sheet, download as CSV:\n" + text + "\nmerge duplicates by name please", det, v)


@shape
def micr_cheque_ocr(g, kinds):
    p, v, det = fill(g, kinds)
    micr = f"⑆{g.aba()}⑆ {g.r.randint(10**7, 10**10)}⑈ {g.r.randint(1000, 9999)}"
    rows = [f"{p['name'].upper()}", f"{p['city']}", f"DATE {g.date()}", f"PAY TO THE ORDER OF {g.org(p)}  {g.amount()}"]
    rows += [f"MEMO {lab} {val}" for lab, val in fields(g, v)]
    rows.append(micr)
    return done_g(g, "OCR of a scanned cheque, which line is the routing number?\n" + "\n".join(rows), det, v)


@shape
def format_patch(g, kinds):
    p, v, det = fill(g, kinds)
    author = f"{p['name']} <{v['email']}>" if "email" in v else p["name"]
    body = [f"+{lab.upper().replace(' ', '_').replace('.', '')} = \"{val}\"" for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"})]
    return done_g(g, f"From {g.hexid(40)} Mon Sep 17 00:00:00 2001\nFrom: {author}\nDate: {g.date()}\nSubject: [PATCH {g.r.randint(1, 3)}/3] fixtures: add seed user\nMessage-Id: {g.msgid()}\n\n"
                  f"---\n tests/fixtures.py | {len(body) + 1} +\n\n--- a/tests/fixtures.py\n+++ b/tests/fixtures.py\n@@ -{g.r.randint(1, 90)},3 +{g.r.randint(1, 90)},{len(body) + 3} @@\n" +
                  "\n".join(body) + f"\n+BUILD = \"{g.version()}\"\n-- \n{g.version()}\ncan I send this to the list as is?", det, v)


@shape
def matrix_event(g, kinds):
    p, v, det = fill(g, kinds)
    body = " / ".join(val for _lab, val in fields(g, v, subs=0)) or g.sentence(p)
    ev = {"type": "m.room.message", "room_id": f"!{g.hexid(18)}:matrix.example.org", "sender": f"{p['user'].split('.')[0]}:matrix.example.org",
          "content": {"msgtype": "m.text", "body": f"{g.sentence(p)} {body}"}, "origin_server_ts": int(g.epoch_ms()), "event_id": f"${g.hexid(43)}"}
    return done_g(g, "Element 'View source' of a message, can a moderator redact it?\n" + js(ev), det, v)


@shape
def exiftool_dump(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [("ExifTool Version Number", g.version()), ("File Name", f"IMG_{g.r.randint(1000, 9999)}.JPG"), ("Make", "Apple"),
            ("Date/Time Original", g.iso_time()[:19].replace("-", ":").replace("T", " ")), ("GPS Position", g.coords()), ("Artist", p["name"])]
    tags = {"email": "Creator Work Email", "us_phone": "Creator Work Telephone", "us_ssn": "User Comment", "credit_card": "Image Description"}
    rows += [(tags[k], x) for k, x in v.items()]
    return done_g(g, "exiftool output of the photo I'm about to post:\n" + "\n".join(f"{k:<32}: {x}" for k, x in rows) + "\nwhat should I strip?", det, v)


@shape
def ps_aux_args(g, kinds):
    p, v, det = fill(g, kinds)
    flags = {"email": "--notify", "us_phone": "--sms-to", "us_ssn": "--subject-ssn", "credit_card": "--test-card"}
    cmd = " ".join(f"{flags[k]} '{x}'" for k, x in v.items())
    return done_g(g, "USER  PID %CPU %MEM    VSZ   RSS TTY STAT START TIME COMMAND\n"
                  f"app   {g.r.randint(100, 65000)}  0.{g.r.randint(1, 9)}  1.{g.r.randint(1, 9)} {g.r.randint(10**5, 10**6)} {g.r.randint(10**4, 10**5)} ?  Sl   {g.r.randint(0, 23):02d}:{g.r.randint(10, 59)}  0:{g.r.randint(10, 59)} "
                  f"/usr/bin/python3 report.py --id {g.uuid()} {cmd}\nanyone on the box can see these args, right?", det, v)


@shape
def go_panic_dump(g, kinds):
    p, v, det = fill(g, kinds)
    vals = ", ".join(f'{k[0].upper() + k[1:]}: "{x}"' for k, x in keyed(g, v).items())
    return done_g(g, f"panic: runtime error: invalid memory address or nil pointer dereference\n[signal SIGSEGV: segmentation violation code=0x1 addr=0x{g.hexid(2)} pc=0x{g.hexid(6)}]\n\n"
                  f"goroutine {g.r.randint(1, 900)} [running]:\nmain.(*Handler).Save(0xc000{g.hexid(6)}, {{Name: \"{p['name']}\", {vals}}})\n"
                  f"\t/src/handler.go:{g.r.randint(10, 400)} +0x{g.hexid(3)}\nexit status 2", det, v)


@shape
def eventbrite_attendee_csv(g, kinds):
    p, v, det = fill(g, kinds)
    extra = fields(g, {k: x for k, x in v.items() if k != "email"})
    head = ["Order #", "Order Date", "Attendee #", "Barcode #", "Name", "Email", "Ticket Type"] + [lab for lab, _ in extra]
    row = [str(g.r.randint(10**9, 10**10)), g.date(), str(g.r.randint(10**9, 10**10)), f"{g.r.randint(10**9, 10**10)}{g.r.randint(10**8, 10**9)}001",
           p["name"], v.get("email", ""), g.r.choice(["General Admission", "Early Bird", "VIP"])] + [val for _, val in extra]
    return done_g(g, "Eventbrite attendee report (CSV), can you count ticket types per order?\n" + ",".join(head) + "\n" +
                  ",".join(f'"{c}"' for c in row), det, v)
