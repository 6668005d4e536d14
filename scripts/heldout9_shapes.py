"""Templates for the heldout9 evaluation set (scripts/make_heldout9.py). Each shape is fn(g, pii, loc) -> text:
``g`` the seeded value source, ``pii`` a list of (kind, value) to place (empty for a clean message), ``loc`` a
locale for the label words. A shape places every value it is given and nothing else that is PII; its other
numbers are look-alikes (g.look_alike) or plain counts, dates and amounts."""
import json
import urllib.parse


def get(pii, kind):
    return next((v for k, v in pii if k == kind), None)


def says(g, pii, loc):
    """'label: value' for each PII value, in the locale's words."""
    return [f"{g.label(k, loc)}: {v}" for k, v in pii]


def mixed(g, pii, loc, lo=1, hi=3):
    lines = says(g, pii, loc) + [f"{a}: {b}" for a, b in g.fillers(lo, hi)]
    g.r.shuffle(lines)
    return lines


def handle(g):
    return g.word().lower() + str(g.r.randint(1, 99))


def addr(g, pii):
    """The email in angle brackets when one is placed, else a handle that is not an address."""
    e = get(pii, "email")
    return f"<{e}>" if e else f"(@{handle(g)})"


def rest(g, pii, loc, skip=("email",)):
    return [s for (k, _), s in zip(pii, says(g, pii, loc)) if k not in skip]


def git_trailers(g, pii, loc):
    lines = [f"{g.word()}: {g.pick(g.v['sentences'])[:60]}", "", f"Fixes build on {g.look_alike()[1]}.", ""]
    lines += [f"Signed-off-by: {g.name()} {addr(g, pii)}", f"Reviewed-by: {g.name()} (@{handle(g)})"]
    lines += [f"X-Note: {s}" for s in rest(g, pii, loc)]
    return "\n".join(lines)


def mailmap(g, pii, loc):
    lines = ["# .mailmap — canonical names", f"# generated {g.date()} from {g.sha(12)}"]
    lines.append(f"{g.name()} {addr(g, pii)} {g.name()} (@{handle(g)})")
    lines += [f"# {s}" for s in rest(g, pii, loc)] + [f"# {a} {b}" for a, b in g.fillers(1, 2)]
    return "\n".join(lines)


def debian_control(g, pii, loc):
    w = g.word()
    lines = [f"Source: {w}", "Section: utils", "Priority: optional", f"Maintainer: {g.name()} {addr(g, pii)}",
             "Standards-Version: 4.6.2", f"Build-Depends: debhelper-compat (= 13), lib{g.word()}-dev (>= {g.r.randint(1, 9)}.{g.r.randint(0, 20)})",
             "", f"Package: {w}", "Architecture: any", f"Description: {g.pick(g.v['sentences'])[:70]}"]
    lines += [f" {s}" for s in rest(g, pii, loc)] + [f" {a}={b}" for a, b in g.fillers(1, 2)]
    return "\n".join(lines)


def rpm_changelog(g, pii, loc):
    out = ["%changelog"]
    for i in range(g.r.randint(2, 3)):
        who = f"{g.name()} {addr(g, pii) if i == 0 else '(@' + handle(g) + ')'}"
        out += [f"* Mon Mar {10 + i} 2025 {who} - {g.r.randint(1, 5)}.{g.r.randint(0, 9)}-{g.r.randint(1, 9)}",
                f"- {g.pick(g.v['sentences'])[:70]}"]
    out += [f"- {s}" for s in rest(g, pii, loc)] + [f"- bump {a} {b}" for a, b in g.fillers(1, 1)]
    return "\n".join(out)


def package_json_author(g, pii, loc):
    e = get(pii, "email")
    author = f'"{g.name()}{" <" + e + ">" if e else ""} (https://{g.pick(g.v["domains"])})"'
    extra = "".join(f',\n  "x-{k}": "{v}"' for k, v in pii if k != "email")
    fill = "".join(f',\n  "{a}": "{b}"' for a, b in g.fillers(1, 2))
    return (f'{{\n  "name": "@{g.word()}/{g.word()}",\n  "version": "{g.r.randint(0, 9)}.{g.r.randint(0, 30)}.{g.r.randint(0, 99)}",\n'
            f'  "author": {author}{extra}{fill}\n}}')


def bibtex(g, pii, loc):
    key = g.word() + str(g.r.randint(1990, 2026))
    fields = [f"  author = {{{g.name()} and {g.name()}}}", f"  title = {{{g.pick(g.v['sentences'])[:60]}}}",
              f"  year = {{{g.r.randint(1990, 2026)}}}", f"  isbn = {{{g.isbn()}}}",
              f"  pages = {{{g.r.randint(1, 200)}--{g.r.randint(201, 400)}}}"]
    fields += [f"  note = {{{s}}}" for s in says(g, pii, loc)]
    g.r.shuffle(fields)
    return f"@book{{{key},\n" + ",\n".join(fields) + "\n}"


def gedcom(g, pii, loc):
    lines = ["0 HEAD", "1 GEDC", "2 VERS 5.5.1", f"0 @I{g.r.randint(1, 999)}@ INDI", f"1 NAME {g.name()}",
             "1 BIRT", f"2 DATE {g.r.randint(1, 28)} JAN {g.r.randint(1900, 1990)}", f"2 PLAC {g.pick(g.v['cities'])}"]
    tag = {"email": "EMAIL", "us_phone": "PHON", "us_ssn": "SSN", "credit_card": "NOTE card"}
    lines += [f"1 {tag[k]} {v}" for k, v in pii]
    lines += [f"1 NOTE {a} {b}" for a, b in g.fillers(1, 2)] + ["0 TRLR"]
    return "\n".join(lines)


def chat_export(g, pii, loc, fmt):
    people = [g.name(), g.name()]
    msgs = [g.pick(g.v["sentences"]), g.pick(g.v["csentences"])] + mixed(g, pii, loc, 1, 2)
    out = []
    for i, m in enumerate(msgs):
        who, hh, mm = people[i % 2], g.r.randint(0, 23), g.r.randint(0, 59)
        out.append(fmt(who, f"{hh:02d}:{mm:02d}", m))
    return "\n".join(out)


def whatsapp_export(g, pii, loc):
    d = g.date()
    return chat_export(g, pii, loc, lambda who, t, m: f"[{d[8:]}/{d[5:7]}/{d[:4]}, {t}] {who}: {m}")


def irc_log(g, pii, loc):
    return f"--- Log opened {g.date()}\n" + chat_export(g, pii, loc, lambda who, t, m: f"{t} <{who.split()[0].lower()}> {m}")


def discord_export(g, pii, loc):
    return chat_export(g, pii, loc, lambda who, t, m: f"{who.split()[0]}#{g.r.randint(1000, 9999)} — Today at {t}\n{m}")


def telegram_json(g, pii, loc):
    msgs = [{"id": g.r.randint(1000, 99999), "type": "message", "date": g.when()[:19], "from": g.name(), "text": m}
            for m in [g.pick(g.v["sentences"])] + mixed(g, pii, loc, 1, 2)]
    return json.dumps({"name": g.word(), "type": "personal_chat", "messages": msgs}, ensure_ascii=False, indent=1)


def postfix_log(g, pii, loc):
    e = get(pii, "email")
    qid = g.sha(10).upper()
    host = g.word()
    lines = [f"Mar {g.r.randint(1, 28)} {g.r.randint(10, 23)}:{g.r.randint(10, 59)}:0{g.r.randint(1, 9)} mx1 postfix/smtpd[{g.r.randint(1000, 65000)}]: {qid}: client={host}[{g.pick(g.v['ips'])}]",
             f"postfix/qmgr: {qid}: from=<{e if e else ''}>, size={g.r.randint(900, 90000)}, nrcpt=1 (queue active)",
             f"postfix/smtp: {qid}: to=<redacted>, relay=local, delay=0.{g.r.randint(1, 99)}, status=sent"]
    lines += [f"postfix/cleanup: {qid}: header Subject: {s}" for s in rest(g, pii, loc)]
    lines += [f"postfix/cleanup: {qid}: message-id=<{g.pick(g.v['guids'])}@{host}>"]
    return "\n".join(lines)


def asterisk_log(g, pii, loc):
    ph = get(pii, "us_phone")
    chan = f"PJSIP/trunk-{g.sha(8)}"
    lines = [f"[{g.when()[:19].replace('T', ' ')}] VERBOSE[{g.r.randint(1000, 9999)}][C-{g.sha(8)}] pbx.c: Executing [s@inbound:1] "
             f"Answer(\"{chan}\", \"\") in new stack",
             f"    -- {chan} CallerID \"{g.name()}\" <{ph if ph else 'anonymous'}>",
             f"    -- Playing 'queue-periodic-announce.slin' (language 'en') uniqueid={g.r.randint(10**9, 2*10**9)}.{g.r.randint(1, 999)}"]
    lines += [f"    -- SET(CDR(userfield)={s})" for s in rest(g, pii, loc, ("us_phone",))]
    return "\n".join(lines)


def twilio_webhook(g, pii, loc):
    ph = get(pii, "us_phone")
    body = " ".join([g.pick(g.v["sentences"])] + rest(g, pii, loc, ("us_phone",)))
    params = [("ToCountry", "US"), ("SmsMessageSid", "SM" + g.sha(32)), ("Body", body),
              ("From", ph if ph else "shortcode-" + g.word()), ("NumMedia", "0"), ("ApiVersion", "2010-04-01")]
    g.r.shuffle(params)
    return "POST /hooks/sms HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\n" + urllib.parse.urlencode(params)


def sms_gateway_log(g, pii, loc):
    ph = get(pii, "us_phone")
    lines = [f"{g.when()} INFO  dlr id={g.pick(g.v['guids'])} status=DELIVRD err=000",
             f"{g.when()} INFO  submit_sm src={g.word().upper()} dst={ph if ph else '[redacted]'} dcs=8 parts=1",
             f"{g.when()} DEBUG text=\"{'; '.join(rest(g, pii, loc, ('us_phone',))) or g.pick(g.v['csentences'])}\""]
    return "\n".join(lines + [f"{g.when()} DEBUG {a}={b}" for a, b in g.fillers(1, 1)])


def fax_cover(g, pii, loc):
    lines = ["FAX COVER SHEET", f"To: {g.name()}", f"From: {g.name()}", f"Date: {g.date()}",
             f"Pages (incl. cover): {g.r.randint(2, 12)}"] + mixed(g, pii, loc, 1, 2)
    return "\n".join(lines + ["", "CONFIDENTIAL — if received in error please destroy."])


def vet_record(g, pii, loc):
    lines = [f"Patient: {g.word().capitalize()} (canine, {g.r.randint(1, 15)} y)", f"Owner: {g.name()}",
             f"Weight: {g.r.randint(3, 40)}.{g.r.randint(0, 9)} kg",
             f"Vaccines: rabies {g.date()}, DHPP {g.date()}"] + mixed(g, pii, loc, 1, 2)
    return "\n".join(lines)


def dental_chart(g, pii, loc):
    teeth = " ".join(f"{t}:{g.pick(['ok', 'C', 'F', 'X', 'ok'])}" for t in range(11, 19))
    return "\n".join([f"DENTAL CHART — {g.name()}", teeth, f"Next recall: {g.date()}"] + mixed(g, pii, loc, 1, 2))


def report_card(g, pii, loc):
    rows = [f"{s:<12}{g.pick('ABCD')}{g.pick(['+', '-', ''])}" for s in ["Maths", "Science", "Art", "History"]]
    return "\n".join([f"Term report {g.r.randint(2019, 2026)} — {g.name()}"] + rows + ["Parent contact:"] + mixed(g, pii, loc, 0, 2))


def gym_membership(g, pii, loc):
    lines = [f"Member: {g.name()}", f"Plan: {g.pick(['Gold', 'Basic', 'Flex'])} {g.amount()}/month",
             f"Barcode: {g.ean13()}", f"Joined: {g.date()}"] + mixed(g, pii, loc, 0, 2)
    return "\n".join(lines)


def parking_citation(g, pii, loc):
    lines = [f"CITATION No. PC-{g.digits(7)}", f"Plate: {g.sha(3).upper()}-{g.r.randint(100, 999)}  VIN {g.look_alike()[1]}",
             f"Violation: expired meter, zone {g.r.randint(1, 40)}", f"Fine: {g.amount()}  due {g.date()}"] + mixed(g, pii, loc, 0, 1)
    return "\n".join(lines)


def police_report(g, pii, loc):
    lines = [f"INCIDENT {g.date()[:4]}-{g.digits(6)}", f"Reporting party: {g.name()}",
             f"Location: {g.pick(g.v['cities'])} ({g.look_alike()[1]})",
             f"Narrative: {g.pick(g.v['sentences'])}"] + mixed(g, pii, loc, 0, 2)
    return "\n".join(lines)


def will_testament(g, pii, loc):
    parts = [f"I, {g.name()}, being of sound mind, declare this my last will, made on {g.date()}.",
             f"I leave my account {g.iban()} to {g.name()}."] + [f"For the executor — {s}." for s in says(g, pii, loc)]
    return " ".join(parts + [f"Witnessed at {g.pick(g.v['cities'])}."])


def obituary(g, pii, loc):
    s = " ".join(f"{x}." for x in says(g, pii, loc))
    return (f"{g.name()}, {g.r.randint(60, 99)}, passed away peacefully on {g.date()}. "
            f"Services at St. {g.word().capitalize()} at 11 a.m. {s} In lieu of flowers, donate to fund {g.look_alike()[1]}.")


def voter_roll(g, pii, loc):
    cols = ["id", "name", "ward", "registered"] + [k for k, _ in pii]
    row = [g.digits(6), g.name(), str(g.r.randint(1, 30)), g.date()] + [v for _, v in pii]
    other = [g.digits(6), g.name(), str(g.r.randint(1, 30)), g.date()] + ["" for _ in pii]
    rows = [row, other]
    g.r.shuffle(rows)
    return "|".join(cols) + "\n" + "\n".join("|".join(r) for r in rows)


def passport_mrz(g, pii, loc):
    nm = g.name().upper().replace(" ", "<<")
    l1 = f"P<{g.pick(['UTO', 'DEU', 'FRA', 'CHN'])}{nm}".ljust(44, "<")[:44]
    l2 = f"{g.pick('CLMX')}{g.pick('ABFKT')}{g.digits(7)}<{g.r.randint(0, 9)}UTO{g.r.randint(60, 99)}0{g.r.randint(1, 9)}1{g.r.randint(0, 9)}M{g.r.randint(25, 35)}0{g.r.randint(1, 9)}1{g.r.randint(0, 9)}".ljust(44, "<")
    return "\n".join(["Scanned document (MRZ):", l1, l2] + mixed(g, pii, loc, 0, 1))


def boarding_pass_bcbp(g, pii, loc):
    nm = g.name().upper().replace(" ", "/")[:20].ljust(20)
    code = f"M1{nm}E{g.sha(3).upper()}{g.sha(3).upper()} {g.pick(['FRA', 'JFK', 'NRT', 'DXB'])}{g.pick(['LHR', 'SIN', 'GRU'])}LH {g.r.randint(100, 9999):04d} {g.r.randint(1, 365):03d}Y{g.r.randint(1, 60):03d}A{g.r.randint(1, 500):04d} 100"
    return "\n".join(["Boarding pass barcode payload:", code] + mixed(g, pii, loc, 0, 1))


def epc_qr(g, pii, loc):
    info = " ".join(says(g, pii, loc)) or f"Invoice {g.look_alike()[1]}"
    return "\n".join(["BCD", "002", "1", "SCT", g.pick(["COBADEFFXXX", "BNPAFRPPXXX", "INGBNL2A"]), g.name(), g.iban(),
                      "EUR" + f"{g.r.randint(1, 999)}.{g.r.randint(0, 99):02d}", "", "", info])


def pandas_df(g, pii, loc):
    cols = ["name", "amount"] + [k for k, _ in pii] + ["ref"]
    out = ["   " + "  ".join(f"{c:>18}" for c in cols)]
    for i in range(3):
        vals = [g.name(), g.amount()] + [v if i == 1 else "NaN" for _, v in pii] + [g.look_alike()[1][:18]]
        out.append(f"{i:<3}" + "  ".join(f"{x:>18}" for x in vals))
    return "\n".join(out + [f"\n[3 rows x {len(cols)} columns]"])


def excel_formula(g, pii, loc):
    lines = [f'=VLOOKUP("{g.word()}",Sheet{g.r.randint(1, 9)}!A2:F{g.r.randint(50, 900)},{g.r.randint(2, 6)},FALSE)']
    lines += [f'=IF(B{g.r.randint(2, 99)}="","{v}",B{g.r.randint(2, 99)})' for _, v in pii]
    lines += [f'=CONCAT("{a}: ","{b}")' for a, b in g.fillers(1, 2)]
    g.r.shuffle(lines)
    return "Cell formulas:\n" + "\n".join(lines)


def rst_table(g, pii, loc):
    rows = [("Field", "Value")] + [(a, b) for a, b in g.fillers(1, 2)] + [(g.label(k, loc), v) for k, v in pii]
    w = max(len(r[0]) for r in rows) + 2, max(len(r[1]) for r in rows) + 2
    sep = "=" * w[0] + " " + "=" * w[1]
    return "\n".join([sep, f"{rows[0][0]:<{w[0]}} {rows[0][1]}", sep] + [f"{a:<{w[0]}} {b}" for a, b in rows[1:]] + [sep])


def org_table(g, pii, loc):
    rows = [(a, b) for a, b in g.fillers(1, 2)] + [(g.label(k, loc), v) for k, v in pii]
    g.r.shuffle(rows)
    return f"* {g.word().capitalize()} :contacts:\n| key | value |\n|-----+-------|\n" + "\n".join(f"| {a} | {b} |" for a, b in rows)


def man_page(g, pii, loc):
    w = g.word()
    author = " ".join(f"{x}." for x in says(g, pii, loc))
    return (f'.TH {w.upper()} 1 "{g.date()}" "{w} {g.r.randint(0, 9)}.{g.r.randint(0, 40)}.{g.r.randint(0, 99)}"\n.SH NAME\n{w} \\- {g.pick(g.v["sentences"])[:50]}\n'
            f".SH AUTHOR\nWritten by {g.name()}. {author}\n.SH BUGS\nReport at build g{g.sha(7)}.")


def ssh_authorized_keys(g, pii, loc):
    e = get(pii, "email")
    lines = [f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{g.sha(43)} {e if e else handle(g) + '@laptop'}",
             f"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ{g.sha(60)} deploy@{g.word()}"]
    lines += [f"# {s}" for s in rest(g, pii, loc)]
    return "\n".join(lines)


def x509_subject(g, pii, loc):
    e = get(pii, "email")
    subj = f"C={g.pick(['DE', 'JP', 'BR', 'US'])}, O={g.word().capitalize()} Ltd, CN={g.name()}" + (f", emailAddress={e}" if e else "")
    lines = ["Certificate:", f"    Serial Number: {':'.join(g.sha(2) for _ in range(8))}", f"    Subject: {subj}",
             f"    Not After : {g.date()}"] + [f"    X509v3 Comment: {s}" for s in rest(g, pii, loc)]
    return "\n".join(lines)


def dkim_header(g, pii, loc):
    e = get(pii, "email")
    d = g.pick(g.v["domains"])
    lines = [f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={d}; s=s{g.r.randint(1, 9)};",
             f"\tt={g.r.randint(1_600_000_000, 1_800_000_000)}; h=from:to:subject:date; bh={g.sha(44)}=;",
             f"From: {g.name()} {'<' + e + '>' if e else '(no address)'}"] + [f"Subject: {s}" for s in rest(g, pii, loc)]
    return "\n".join(lines)


def kafka_avro(g, pii, loc):
    rec = {"offset": g.r.randint(1000, 999999), "partition": g.r.randint(0, 11),
           "value": {f"contact_{k}": v for k, v in pii} | {a: b for a, b in g.fillers(1, 2)}}
    return f"kafka-avro-console-consumer --topic {g.word()}.events --from-beginning\n" + json.dumps(rec, ensure_ascii=False)


def iso8583_log(g, pii, loc):
    c = get(pii, "credit_card")
    de2 = c if c else g.masked_card()
    lines = [f"MTI=0100 bitmap={g.sha(16).upper()}", f"DE002 PAN      [{de2}]",
             f"DE004 AMOUNT   [{g.r.randint(1, 99999999):012d}]", f"DE011 STAN     [{g.r.randint(1, 999999):06d}]",
             f"DE041 TID      [{g.sha(8).upper()}]"] + [f"DE048 ADD'L    [{s}]" for s in rest(g, pii, loc, ("credit_card",))]
    return "\n".join(lines)


def nacha_ach(g, pii, loc):
    lines = [f"101 {g.r.randint(10**8, 10**9 - 1)} {g.r.randint(10**8, 10**9 - 1)}{g.date()[2:].replace('-', '')}1200A094101{g.word().upper()[:20]:<20}",
             f"627{g.digits(8)}{g.digits(4)}{g.r.randint(1, 99999):010d}{g.name().upper()[:22]:<22}0{g.digits(15)}"]
    return "\n".join(lines + [f"; addenda: {s}" for s in says(g, pii, loc)])


def swift_mt103(g, pii, loc):
    lines = [":20:" + g.sha(12).upper(), ":23B:CRED", f":32A:{g.date()[2:].replace('-', '')}EUR{g.r.randint(1, 99999)},{g.r.randint(0, 99):02d}",
             f":50K:/{g.iban().replace(' ', '')}", g.name().upper(), f":59:/{g.iban().replace(' ', '')}", g.name().upper()]
    lines += [f":70:{s}" for s in says(g, pii, loc)] + [":71A:SHA"]
    return "{4:\n" + "\n".join(lines) + "\n-}"


def ocr_handwritten(g, pii, loc):
    noise = lambda s: "".join(c if g.r.random() > 0.06 or not c.isalpha() else g.pick("~_|") for c in s)  # noqa: E731
    lines = [noise(f"Nam e: {g.name()}"), noise(f"Dat e {g.date()}")] + [f"{noise(g.label(k, loc))} : {v}" for k, v in pii]
    lines += [noise(f"{a} {b}") for a, b in g.fillers(1, 2)]
    return "[handwriting OCR, confidence 0.6]\n" + "\n".join(lines)


def voice_assistant(g, pii, loc):
    said = " ".join(f"my {g.label(k, 'en').lower()} is {v}" for k, v in pii) or f"what is {g.r.randint(2, 99)} times {g.r.randint(2, 99)}"
    return (f"USER: hey {g.word()}, {said}\nASSISTANT: {g.pick(g.v['sentences'])}\n"
            f"[asr_confidence=0.{g.r.randint(50, 99)} session={g.pick(g.v['guids'])}]")


def toot(g, pii, loc):
    body = " ".join([g.pick(g.v["sentences"])] + says(g, pii, loc))
    return f"@{handle(g)} {body} #{g.word()} #{g.word()}\n🔁 {g.r.randint(0, 300)} ⭐ {g.r.randint(0, 900)}"


def appstore_review(g, pii, loc):
    body = " ".join([g.pick(g.v["csentences"]), g.pick(g.v["sentences"])] + [f"{s}!" for s in says(g, pii, loc)])
    return f"★{'★' * g.r.randint(0, 4)} {g.word().capitalize()} — v{g.r.randint(1, 9)}.{g.r.randint(0, 30)}\n{body}\n— {handle(g)}, {g.date()}"


def dating_profile(g, pii, loc):
    lines = [f"{g.name().split()[0]}, {g.r.randint(21, 60)}", f"📍 {g.pick(g.v['cities'])}",
             f"About me: {g.pick(g.v['sentences'])}"] + [f"{s} 😉" for s in says(g, pii, loc)]
    return "\n".join(lines)


def job_post(g, pii, loc):
    lines = [f"Hiring: Senior {g.word().capitalize()} Engineer ({g.amount()}–{g.amount()})", f"Req ID {g.sha(6).upper()}",
             g.pick(g.v["sentences"]), "Apply:"] + says(g, pii, loc) + ([f"Portal ref: {g.look_alike()[1]}"] if not pii else [])
    return "\n".join(lines)


def realestate_nonlatin(g, pii, loc):
    lines = [f"【出售】{g.pick(g.v['cities'])} {g.r.randint(2, 5)}室{g.r.randint(1, 2)}厅 {g.r.randint(60, 200)}㎡",
             f"总价 ¥{g.r.randint(100, 999)}万  {g.pick(g.v['csentences'])}", f"联系人：{g.pick(g.v['cnames'])}"]
    lines += says(g, pii, loc) + [f"房源编号 {g.look_alike()[1]}"]
    return "\n".join(lines)


SHAPES = [git_trailers, mailmap, debian_control, rpm_changelog, package_json_author, bibtex, gedcom, whatsapp_export,
          irc_log, discord_export, telegram_json, postfix_log, asterisk_log, twilio_webhook, sms_gateway_log, fax_cover,
          vet_record, dental_chart, report_card, gym_membership, parking_citation, police_report, will_testament,
          obituary, voter_roll, passport_mrz, boarding_pass_bcbp, epc_qr, pandas_df, excel_formula, rst_table,
          org_table, man_page, ssh_authorized_keys, x509_subject, dkim_header, kafka_avro, iso8583_log, nacha_ach,
          swift_mt103, ocr_handwritten, voice_assistant, toot, appstore_review, dating_profile, job_post,
          realestate_nonlatin]
