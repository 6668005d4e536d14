"""Templates of the heldout16 set (scripts/make_heldout16.py): 50 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from ``fill``). Where
a kind is absent, its field is left out or holds a word that is no value (``sub``); look-alikes (IBANs, IMEIs,
VINs, INNs, references, tracking and order numbers...) always stand under their own labels (``looks``), never under
a label that names a PII kind."""
import json
import re
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(not provided)", "N/A", "withheld", "[removed]", "on file", "--", "none", "TBD", "null", "—", "n/d", "k.A.", "s/d"]
LABELS = {
    "email": ["email", "E-Mail", "correo", "メール", "e-mail", "ელფოსტა", "البريد", "Email address", "courriel", "sähköposti"],
    "us_phone": ["phone", "Telefon", "teléfono", "電話", "telefone", "Mobil", "телефон", "Mobile", "tel", "puhelin"],
    "us_ssn": ["SSN", "Social Security No.", "SSN (US)", "US SSN", "social", "ssn"],
    "credit_card": ["card", "Kartennummer", "tarjeta", "カード番号", "cartão", "PAN", "номер карты", "card_number"],
}
ORDER = ("email", "us_phone", "us_ssn", "credit_card")
# field names a developer would give each kind in code and configs
KEYNAMES = {"email": ["email", "mail", "emailAddress", "contact_email"], "us_phone": ["phone", "mobile", "tel", "phoneNumber"],
            "us_ssn": ["ssn", "socialSecurity", "ssn_us", "taxId"], "credit_card": ["card", "cardNumber", "pan", "cc_number"]}


def key(g, kind):
    return g.r.choice(KEYNAMES[kind])


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


def sub(g):
    return g.r.choice(SUBSTITUTES)


def get(g, v, kind):
    """The placed value of ``kind``, or a word that is no value."""
    return v.get(kind) or sub(g)


def fields(g, v, subs=1):
    """(label, value) for every placed value under a varied label, plus up to ``subs`` absent kinds holding a word."""
    out = [(g.r.choice(LABELS[k]), v[k]) for k in ORDER if k in v]
    absent = [k for k in ORDER if k not in v]
    out += [(g.r.choice(LABELS[k]), sub(g)) for k in g.r.sample(absent, min(subs, len(absent)))]
    return out


def looks(g, n=2):
    """``n`` look-alikes, each with the label of its own kind."""
    return [g.lookalike() for _ in range(n)]


def look(g, sep=" "):
    """One look-alike written after its own label."""
    label, value = g.lookalike()
    return f"{label}{sep}{value}"


def typo(g, text):
    """Swap two neighbouring letters of one longer word now and then, as a hurried typist does."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if idx and g.r.random() < 0.7:
        i = g.r.choice(idx)
        w, k = words[i], g.r.randrange(1, len(words[i]) - 2)
        words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    return " ".join(words)


def xml(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def js(obj, indent=1):
    return json.dumps(obj, ensure_ascii=False, indent=indent)


# what may cut a value where a format wraps its lines: an MT940 :86: field's subfield marks (?20..?29) and its
# line breaks at 65 characters
WRAP = re.compile(r"\n|\?2\d")


def joined(text):
    """The text with the marks of a wrapped field taken out (a value cut by them reads whole again)."""
    return WRAP.sub("", text)


def done(text, det, v):
    """Guard: every placed value is in the text (plain, JSON-, CSV-, XML-escaped, or URL-encoded), or in it once the
    marks of a wrapped field are taken out."""
    whole = joined(text)
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1], value.replace('"', '""'), xml(value, True),
                 urllib.parse.quote(value, safe="@+"), urllib.parse.quote_plus(value, safe="@"))
        assert any(form in text or form in whole for form in forms), (value, text)
    return text, det


def kv_lines(g, v, sep=": ", subs=1):
    return [f"{lab}{sep}{val}" for lab, val in fields(g, v, subs)]


# ---------- logs of systems ----------

@shape
def nagios_notification(g, kinds):
    p, v, det = fill(g, kinds)
    contact = f"{p['name']} <{v['email']}>" if "email" in v else p["name"]
    pager = f"\nPager: {v['us_phone']}" if "us_phone" in v else ""
    extra = " ".join(f"{lab}={val}" for lab, val in fields(g, {k: x for k, x in v.items() if k in ("us_ssn", "credit_card")}, 0))
    text = (f"***** Nagios *****\n\nNotification Type: PROBLEM\nService: HTTP signup\nHost: web{g.r.randint(1, 9)}\nAddress: {g.ip()}\n"
            f"State: CRITICAL\nDate/Time: {g.date()} {g.hhmmss()}\nAdditional Info:\nHTTP CRITICAL - pattern not found {extra}\nTicket: {g.invoice()}  {look(g)}\n"
            f"Contact: {contact}{pager}\nbuild {g.version()}")
    return done("why did this page me twice?\n" + text, det, v)


@shape
def fail2ban_log(g, kinds):
    p, v, det = fill(g, kinds)
    ts = f"{g.date()} {g.hhmmss()},{g.r.randint(100, 999)}"
    rows = [f"{ts} fail2ban.filter  [{g.r.randint(500, 9000)}]: INFO    [sshd] Found {g.ip()} - {ts[:19]}",
            f"{ts} fail2ban.actions [{g.r.randint(500, 9000)}]: NOTICE  [sshd] Ban {g.ip()}",
            f"{ts} fail2ban.server  [{g.r.randint(500, 9000)}]: INFO    Jail 'sshd' uses pyinotify, db {g.hexid(12)}, ticket {g.invoice()}"]
    if "email" in v:
        rows.append(f"{ts} fail2ban.actions [{g.r.randint(500, 9000)}]: INFO    [postfix-sasl] Found {g.ip()} user=<{v['email']}>")
    for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"}, 0):
        rows.append(f"{ts} fail2ban.filter  [{g.r.randint(500, 9000)}]: WARNING [web-form] matched line: {lab}={val}")
    return done("fail2ban.log on the mail box, is this an attack?\n" + "\n".join(rows), det, v)


@shape
def postgres_csvlog(g, kinds):
    p, v, det = fill(g, kinds)
    cols = ", ".join(f"'{get(g, v, k)}'" for k in ORDER if k in v) or "'" + sub(g) + "'"
    detail = f"Failing row contains ({g.r.randint(1, 99999)}, {p['name']}, {cols})."
    row = [f"{g.date()} {g.hhmmss()}.{g.r.randint(100, 999)} UTC", "app", "crm", str(g.r.randint(1000, 60000)), f"{g.ip()}:{g.port()}",
           g.hexid(12), "1", "INSERT", "", "3/" + str(g.r.randint(100, 9999)), "0", "ERROR", "23514",
           'new row for relation "customers" violates check constraint "customers_ref_chk"', detail]
    csvrow = ",".join('"' + c.replace('"', '""') + '"' if ("," in c or '"' in c or " " in c) else c for c in row)
    return done("postgres csvlog line, which check constraint failed?\n" + csvrow + f"\n-- {look(g)}", det, v)


@shape
def mysql_slow_log(g, kinds):
    p, v, det = fill(g, kinds)
    where = " AND ".join(f"{ {'email': 'email', 'us_phone': 'phone', 'us_ssn': 'ssn', 'credit_card': 'card_no'}[k]} = '{x}'" for k, x in v.items())
    where = where or f"order_ref = '{g.order_no()}'"
    text = (f"# Time: {g.iso_time()}\n# User@Host: app[app] @  [{g.ip()}]  Id: {g.r.randint(100, 99999)}\n"
            f"# Query_time: {g.r.uniform(2, 40):.6f}  Lock_time: 0.000{g.r.randint(100, 999)} Rows_sent: 1  Rows_examined: {g.r.randint(10**5, 10**7)}\n"
            f"SET timestamp={g.epoch()};\nSELECT id, display_name FROM customers WHERE {where};")
    return done("how do I index for this slow query?\n" + text, det, v)


@shape
def iis_w3c_log(g, kinds):
    p, v, det = fill(g, kinds)
    query = "&".join(f"{ {'email': 'mail', 'us_phone': 'ph', 'us_ssn': 'ssn', 'credit_card': 'cc'}[k]}={urllib.parse.quote_plus(x, safe='@')}" for k, x in v.items())
    query = query or f"ref={g.invoice()}"
    text = ("#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n"
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status time-taken\n"
            f"{g.date()} {g.hhmmss()} {g.ip()} GET /apply/step2.aspx {query} 443 - {g.ip()} Mozilla/5.0+(Windows+NT+10.0) 500 {g.r.randint(10, 9000)}")
    return done("IIS log, what does this 500 tell us?\n" + text, det, v)


@shape
def cloudflare_logpush(g, kinds):
    p, v, det = fill(g, kinds)
    rec = {"ClientIP": g.ip(), "ClientRequestHost": "shop.example", "ClientRequestMethod": "POST", "ClientRequestURI": "/checkout",
           "EdgeResponseStatus": 403, "RayID": g.hexid(16), "EdgeStartTimestamp": g.iso_time(),
           "FirewallMatchesRuleIDs": [g.hexid(32)], "RequestHeaders": {"x-customer-ref": g.order_no()}}
    if v:
        rec["RequestBody"] = "&".join(f"{lab}={val}" for lab, val in fields(g, v, 0))
    return done("WAF blocked this checkout, false positive?\n" + json.dumps(rec, ensure_ascii=False), det, v)


@shape
def envoy_access_log(g, kinds):
    p, v, det = fill(g, kinds)
    path = "/v2/accounts?" + "&".join(f"{key(g, k)}={urllib.parse.quote(x, safe='@+')}" for k, x in v.items()) if v else f"/v2/orders/{g.order_no().strip('#')}"
    line = (f'[{g.iso_time()}] "GET {path} HTTP/2" 503 UF {g.r.randint(0, 900)} {g.r.randint(120, 4000)} {g.r.randint(1, 3000)} - "{g.ip()}" '
            f'"okhttp/{g.version()}" "{g.uuid()}" "accounts.internal:8080" "{g.ip()}:8080"')
    return done("envoy sidecar keeps returning 503 UF:\n" + line, det, v)


@shape
def traefik_json_log(g, kinds):
    p, v, det = fill(g, kinds)
    rec = {"ClientAddr": f"{g.ip()}:{g.port()}", "DownstreamStatus": 502, "Duration": g.r.randint(10**6, 10**9),
           "RequestMethod": "POST", "RequestPath": "/api/profile", "RouterName": "profile@docker", "level": "info",
           "msg": "", "time": g.iso_time(), "request_X-Trace": g.hexid(16), "request_X-Order": g.order_no()}
    for k, x in v.items():
        rec[f"request_X-User-{ {'email': 'Email', 'us_phone': 'Phone', 'us_ssn': 'Ssn', 'credit_card': 'Card'}[k]}"] = x
    return done("traefik access log (json), why 502?\n" + json.dumps(rec, ensure_ascii=False), det, v)


@shape
def dovecot_auth_log(g, kinds):
    p, v, det = fill(g, kinds)
    user = v.get("email", p["user"])
    rows = [f"{g.date()} {g.hhmmss()} auth: Info: passwd-file(user={user},rip={g.ip()}): unknown user",
            f"{g.date()} {g.hhmmss()} imap-login: Info: session={g.hexid(16)} quota order {g.order_no()}",
            f"{g.date()} {g.hhmmss()} imap-login: Info: Disconnected (auth failed, 3 attempts in 8 secs): user=<{user}>, method=PLAIN, rip={g.ip()}, lip={g.ip()}, TLS"]
    rows += [f"{g.date()} {g.hhmmss()} auth: Debug: extra field {lab}={val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != 'email'}, 0)]
    return done("dovecot says auth failed for one user only:\n" + "\n".join(rows), det, v)


@shape
def snmptrapd_log(g, kinds):
    p, v, det = fill(g, kinds)
    binds = [f"SNMPv2-MIB::sysUpTime.0 = Timeticks: ({g.r.randint(10**5, 10**8)})", "SNMPv2-MIB::snmpTrapOID.0 = OID: UPS-MIB::upsAlarmOnBattery",
             f"SNMPv2-MIB::sysLocation.0 = STRING: {p['city']} rack {g.r.randint(1, 40)}",
             f'UPS-MIB::upsIdentUPSSoftwareVersion.0 = STRING: "{g.version()}"', f'UPS-MIB::upsIdentModel.0 = STRING: "UPC {g.upc()}"']
    if "email" in v:
        binds.append(f'SNMPv2-MIB::sysContact.0 = STRING: "{p["name"]} {v["email"]}"')
    if "us_phone" in v:
        binds.append(f'UPS-MIB::upsIdentAttachedDevices.0 = STRING: "oncall {v["us_phone"]}"')
    for lab, val in fields(g, {k: x for k, x in v.items() if k in ("us_ssn", "credit_card")}, 0):
        binds.append(f'ENTERPRISE-MIB::note.0 = STRING: "{lab} {val}"')
    return done(f"{g.date()} {g.hhmmss()} ups{g.r.randint(1, 9)} [UDP: [{g.ip()}]:161->[{g.ip()}]:162]:\n" + "\t".join(binds) +
                "\nwhat does this trap mean", det, v)


@shape
def dhcpd_leases(g, kinds):
    p, v, det = fill(g, kinds)
    mac = ":".join(g.hexid(2) for _ in range(6))
    extra = "".join(f'  set {lab.replace(" ", "-").lower()} = "{val}";\n' for lab, val in fields(g, v, 0))
    text = (f"lease {g.ip()} {{\n  starts 3 {g.date()} {g.hhmmss()};\n  ends 3 {g.date()} {g.hhmmss()};\n  binding state active;\n"
            f"  hardware ethernet {mac};\n  set vendor-imei = \"{g.imei()}\";\n  uid \"\\001{mac}\";\n{extra}  client-hostname \"{p['user'].split('.')[0]}-laptop\";\n}}")
    return done("/var/lib/dhcp/dhcpd.leases, who has this lease?\n" + text, det, v)


# ---------- code in languages not used before ----------

@shape
def ocaml_utop_record(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f'name = "{p["name"]}"'] + [f'{key(g, k)} = "{x}"' for k, x in v.items()] + [f'created = {g.epoch()}.', f'lei = "{g.lei()}"']
    return done(f"utop # Customer.load db {g.r.randint(1, 9999)};;\n- : Customer.t =\n{{" + "; ".join(flds) + "}\nwhy is the type not abstract here?", det, v)


@shape
def fsharp_fsi_output(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f'Name = "{p["name"]}"'] + [f'{key(g, k).title()} = Some "{x}"' for k, x in v.items()]
    flds += [f"{lab.title()} = Some \"{val}\"" for lab, val in looks(g, 1)]
    return done("> let c = repo.Find(" + str(g.r.randint(1, 9999)) + ");;\nval c: Contact =\n  { " + "\n    ".join(flds) + " }\nhow to pattern match on the option?", det, v)


@shape
def erlang_shell_term(g, kinds):
    p, v, det = fill(g, kinds)
    items = [f'{{name,<<"{p["name"]}"/utf8>>}}'] + [f'{{{key(g, k)},<<"{x}">>}}' for k, x in v.items()] + [f"{{node,'app{g.r.randint(1, 9)}'}}", f'{{device_imei,<<"{g.imei()}">>}}']
    return done(f"1> ets:lookup(sessions, {g.r.randint(1, 99999)}).\n[{{session,{g.r.randint(1, 9999)},[" + ",\n   ".join(items) + "]}]\n"
                "why is the name a binary and the rest not?", det, v)


@shape
def dart_debug_print(g, kinds):
    p, v, det = fill(g, kinds)
    flds = ", ".join([f"name: {p['name']}"] + [f"{key(g, k)}: {x}" for k, x in v.items()] + [f"{lab.lower()}: {val}" for lab, val in looks(g, 1)])
    return done(f"I/flutter ({g.r.randint(1000, 32000)}): User({flds})\nI/flutter: Exception: FormatException: invalid profile\n"
                "flutter prints this before crashing, what is wrong?", det, v)


@shape
def scala_repl_case_class(g, kinds):
    p, v, det = fill(g, kinds)
    args = ", ".join([f'"{p["name"]}"'] + [f'"{get(g, v, k)}"' for k in ORDER])
    return done(f"scala> val a = Applicant.fromRow(row)\nval a: Applicant = Applicant({args},{g.r.randint(18, 90)},\"{g.order_no()}\")\n"
                "(fields: name, email, phone, ssn, card, age, lastOrder) how do I redact in toString?", det, v)


@shape
def julia_repl_namedtuple(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f'name = "{p["name"]}"'] + [f'{key(g, k)} = "{x}"' for k, x in v.items()] + [f'vin = "{g.vin()}"', f"score = {g.r.uniform(0, 1):.4f}"]
    return done(f'julia> first(df, 1) |> Tables.rowtable |> only\n(' + ", ".join(flds) + ")\n\njulia> # why is it not a DataFrameRow?", det, v)


@shape
def tcl_dict_puts(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f"name {{{p['name']}}}"] + [f"{key(g, k)} {{{x}}}" for k, x in v.items()] + [f"ref {g.invoice()}"]
    return done("% puts [dict get $customers " + str(g.r.randint(1, 999)) + "]\n" + " ".join(flds) + "\n% # expect script on the router reads this", det, v)


@shape
def prolog_facts(g, kinds):
    p, v, det = fill(g, kinds)
    atom = p["user"].replace(".", "_")
    facts = [f"person({atom}, '{p['name']}')."] + [f"{key(g, k)}({atom}, '{x}')." for k, x in v.items()] + [f"city({atom}, '{p['city']}').", f"iban({atom}, '{g.iban()}')."]
    return done("% contacts.pl\n" + "\n".join(facts) + f"\n?- person(X, _), \\+ email(X, _).\nwhy does the query loop?", det, v)


@shape
def groovy_map_println(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f"name:{p['name']}"] + [f"{key(g, k)}:{x}" for k, x in v.items()] + [f"build:{g.version()}", f"order:{g.order_no()}"]
    return done("Jenkins console:\n[Pipeline] echo\n[" + ", ".join(flds) + "]\n[Pipeline] }\nERROR: groovy.lang.MissingPropertyException: No such property: tenant", det, v)


@shape
def nim_echo_repr(g, kinds):
    p, v, det = fill(g, kinds)
    flds = [f'name: "{p["name"]}"'] + [f'{key(g, k)}: "{x}"' for k, x in v.items()] + [f"uid: {g.r.randint(1000, 99999)}", f'iban: "{g.iban()}"']
    return done("$ nim r src/import.nim\n(" + ", ".join(flds) + ")\nError: unhandled exception: key not found [KeyError]", det, v)


# ---------- file formats ----------

@shape
def windows_reg_export(g, kinds):
    p, v, det = fill(g, kinds)
    vals = [f'"RegisteredOwner"="{p["name"]}"'] + [f'"{ {"email": "SupportEmail", "us_phone": "SupportPhone", "us_ssn": "OwnerSSN", "credit_card": "LicenseCard"}[k]}"="{x}"'
                                                   for k, x in v.items()]
    vals.append(f'"InstallDate"=dword:{g.hexid(8)}')
    vals.append(f'"LicenseLEI"="{g.lei()}"')
    return done("Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\App]\n" + "\n".join(vals) +
                "\n\nis it safe to import this .reg on the other PCs?", det, v)


@shape
def xliff_trans_unit(g, kinds):
    p, v, det = fill(g, kinds)
    src = f"Dear {p['name']}, we will contact you" + "".join(f" at {xml(x)}" for x in v.values()) + "."
    return done(f'<trans-unit id="msg.{g.hexid(6)}" xml:space="preserve">\n  <source>{src}</source>\n  <target state="needs-translation"/>\n'
                f'  <note>ticket {g.order_no()}, {xml(look(g))}</note>\n</trans-unit>\ntranslate the source to Portuguese please', det, v)


@shape
def gettext_po_entry(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"#: templates/account.html:{g.r.randint(10, 400)}", "#, python-format", 'msgid "Your details are saved."',
             'msgstr "Vos coordonnées sont enregistrées."', "", f"#. translator note from {p['name']}"]
    lines += [f'#. example {lab}: {val}' for lab, val in fields(g, v, 0)]
    lines += ['msgid "Reference %(ref)s"', f'msgstr "Référence %(ref)s" # {look(g)}']
    return done("msgfmt -c complains about this .po file:\n" + "\n".join(lines), det, v)


@shape
def android_strings_xml(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f'<string name="app_name">{g.company()}</string>']
    rows += [f'<string name="support_{key(g, k)}" translatable="false"><xliff:g id="{key(g, k)}">{xml(x)}</xliff:g></string>' for k, x in v.items()]
    rows.append(f'<string name="build_id">{g.version()}</string>')
    rows.append(f'<string name="sample_tracking" translatable="false">{g.tracking()}</string>')
    return done('<?xml version="1.0" encoding="utf-8"?>\n<resources xmlns:xliff="urn:oasis:names:tc:xliff:document:1.2">\n    ' +
                "\n    ".join(rows) + "\n</resources>\nlint says hardcoded values, what should I move?", det, v)


@shape
def java_properties_file(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"# generated {g.date()}", f"app.version={g.version()}", f"contact.name={p['name'].encode('unicode_escape').decode('ascii')}"]
    rows += [f"contact.{key(g, k)}={x.replace(':', chr(92) + ':')}" for k, x in v.items()]
    rows += [f"billing.{lab.lower()}={val}" for lab, val in looks(g, 1)]
    return done("application.properties, Spring does not pick contact.* up:\n" + "\n".join(rows), det, v)


@shape
def excel_pivot_paste(g, kinds):
    p, v, det = fill(g, kinds)
    rows = ["Row Labels\tSum of Amount\tCount of Orders", f"{p['city']}\t{g.amount()}\t{g.r.randint(1, 90)}"]
    rows += [f"  {p['name']} ({val})\t{g.amount()}\t{g.r.randint(1, 9)}" for val in v.values()]
    rows += [f"  {lab} {val}\t{g.amount()}\t1" for lab, val in looks(g, 1)]
    rows.append(f"Grand Total\t{g.amount()}\t{g.r.randint(90, 900)}")
    return done("pasted from my pivot table, why are the totals off?\n" + "\n".join(rows), det, v)


@shape
def dbf_dump_listing(g, kinds):
    p, v, det = fill(g, kinds)
    cells, heads = [get(g, v, k) for k in ORDER], [key(g, k).upper() for k in ORDER]
    widths = [max(len(c), len(h), 8) + 3 for c, h in zip(cells, heads)]  # LIST pads each column to its field width
    head = "Record#  NAME                          " + "".join(h.ljust(w) for h, w in zip(heads, widths))
    row = f"{g.r.randint(1, 9999):7d}  {p['name']:<30}" + "".join(c.ljust(w) for c, w in zip(cells, widths))
    return done(f". USE clients\n. LIST FOR city = '{p['city']}'\n{head}\n{row}\n. * dBase export, convert to CSV?", det, v)


def mt940_purpose(free_text):
    """An MT940 :86: field as German banks write it: the free text cut into subfields ?20..?29 of 27 characters,
    the field's lines wrapped at 65 characters (a value may be cut by either)."""
    chunks = [free_text[i:i + 27] for i in range(0, len(free_text), 27)][:10]
    field = "166?00SEPA-UEBERWEISUNG" + "".join(f"?{20 + i}{c}" for i, c in enumerate(chunks))
    return "\n".join(field[i:i + 65] for i in range(0, len(field), 65))


@shape
def mt940_statement(g, kinds):
    p, v, det = fill(g, kinds)
    ref = " ".join(f"{lab} {val}" for lab, val in fields(g, v, 0)) or g.rf_ref()
    day = f"{g.r.randint(24, 26)}{g.r.randint(1, 12):02d}{g.r.randint(1, 28):02d}"
    text = (f":20:STMT{g.r.randint(100000, 999999)}\n:25:{g.iban().replace(' ', '')}\n:28C:{g.r.randint(1, 365)}/1\n:60F:C{day}EUR{g.r.randint(100, 99999)},{g.r.randint(10, 99)}\n"
            f":61:{day}{day[2:]}D{g.r.randint(10, 999)},00NTRFNONREF\n:86:{mt940_purpose(p['name'] + ' ' + ref)}\n:62F:C{day}EUR{g.r.randint(100, 9999)},00")
    return done("parse the :86: field of this MT940 for me\n" + text, det, v)


@shape
def qif_export(g, kinds):
    p, v, det = fill(g, kinds)
    memo = "; ".join(f"{lab} {val}" for lab, val in fields(g, v, 0)) or f"invoice {g.invoice()}"
    text = f"!Type:Bank\nD{g.date()}\nT-{g.r.randint(1, 999)}.{g.r.randint(10, 99)}\nP{p['name']}\nM{memo}\nL{g.r.choice(['Rent', 'Utilities', 'Refund'])}\n^\nD{g.date()}\nT{g.r.randint(100, 9000)}.00\nPSalary {g.company()}\n^"
    return done("GnuCash imports this QIF with the wrong sign:\n" + text, det, v)


@shape
def chef_data_bag_json(g, kinds):
    p, v, det = fill(g, kinds)
    bag = {"id": p["user"].replace(".", "_"), "comment": p["name"], "shell": "/bin/bash", "groups": ["sysadmin"]}
    bag.update({{"email": "email", "us_phone": "pager", "us_ssn": "hr_ssn", "credit_card": "corp_card"}[k]: x for k, x in v.items()})
    bag["asset_tag"] = g.imei() if g.r.random() < 0.5 else g.vin()
    return done("knife data bag from file users " + bag["id"] + ".json fails:\n" + js(bag, 2), det, v)


# ---------- protocols ----------

@shape
def pop3_session(g, kinds):
    p, v, det = fill(g, kinds)
    body = "\r\n".join(f"{lab}: {val}" for lab, val in fields(g, {k: x for k, x in v.items() if k != "email"}))
    text = (f"+OK POP3 ready <{g.r.randint(1000, 9999)}.{g.epoch()}@pop.example>\r\nUSER {p['user']}\r\n+OK\r\nPASS ********\r\n+OK 2 messages\r\nRETR 1\r\n"
            f"+OK {g.r.randint(500, 9000)} octets\r\nFrom: {p['name']}{' <' + v['email'] + '>' if 'email' in v else ''}\r\nSubject: {g.sentence()}\r\n\r\n{body}\r\n.\r\nQUIT")
    return done("my POP3 client hangs after RETR, here is the telnet session:\n" + text, det, v)




@shape
def stomp_frame(g, kinds):
    p, v, det = fill(g, kinds)
    body = json.dumps({"customer": p["name"], **{k: x for k, x in v.items()}, "ref": g.order_no()}, ensure_ascii=False)
    text = (f"SEND\ndestination:/queue/crm.updates\ncontent-type:application/json\ncontent-length:{len(body.encode())}\nreceipt:{g.r.randint(1, 999)}\n\n{body}\x00")
    return done("ActiveMQ rejects this STOMP frame, content-length wrong?\n" + text.replace("\x00", "^@"), det, v)


@shape
def nats_sub_output(g, kinds):
    p, v, det = fill(g, kinds)
    msgs = [f"[#{i + 1}] Received on \"orders.{g.r.choice(['created', 'paid', 'failed'])}\"\n{json.dumps({'id': g.order_no(), 'total': g.amount()}, ensure_ascii=False)}" for i in range(2)]
    if v:
        msgs.append(f"[#3] Received on \"customers.updated\"\nNats-Msg-Id: {g.uuid()}\n\n{json.dumps({'name': p['name'], **v}, ensure_ascii=False)}")
    return done("$ nats sub '>' --server nats://" + g.ip() + ":4222\n" + "\n\n".join(msgs), det, v)


@shape
def scim_user_json(g, kinds):
    p, v, det = fill(g, kinds)
    user = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": g.uuid(), "userName": p["user"],
            "name": {"formatted": p["name"]}, "active": True}
    if "email" in v:
        user["emails"] = [{"value": v["email"], "type": "work", "primary": True}]
    if "us_phone" in v:
        user["phoneNumbers"] = [{"value": v["us_phone"], "type": g.r.choice(["work", "mobile"])}]
    ext = {{"us_ssn": "ssn", "credit_card": "corporateCard"}[k]: x for k, x in v.items() if k in ("us_ssn", "credit_card")}
    ext["employeeNumber"] = str(g.r.randint(10000, 999999))
    ext["costCenter"] = g.invoice()
    user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = ext
    return done("Okta SCIM push fails with 400 on this user:\n" + js(user, 2), det, v)


@shape
def carddav_report_xml(g, kinds):
    p, v, det = fill(g, kinds)
    card = [f"BEGIN:VCARD", "VERSION:4.0", f"FN:{xml(p['name'])}", f"UID:urn:uuid:{g.uuid()}"]
    if "email" in v:
        card.append(f"EMAIL;TYPE=home:{xml(v['email'])}")
    if "us_phone" in v:
        card.append(f"TEL;TYPE=cell:{v['us_phone']}")
    card += [f"NOTE:{lab} {val}" for lab, val in fields(g, {k: x for k, x in v.items() if k in ('us_ssn', 'credit_card')}, 0)]
    card.append(f"NOTE:{xml(look(g))}")
    card.append("END:VCARD")
    text = (f'<d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">\n <d:response>\n  <d:href>/dav/{p["user"]}/contacts/{g.hexid(8)}.vcf</d:href>\n'
            f'  <d:propstat><d:prop><d:getetag>"{g.hexid(12)}"</d:getetag>\n   <card:address-data>' + "\n".join(card) + "</card:address-data></d:prop></d:propstat>\n </d:response>\n</d:multistatus>")
    return done("CardDAV REPORT response, why does the phone app not sync it?\n" + text, det, v)


@shape
def oauth_introspection_json(g, kinds):
    p, v, det = fill(g, kinds)
    claims = {"active": True, "client_id": g.hexid(20), "username": v.get("email", p["user"]), "scope": "openid profile",
              "exp": int(g.epoch()), "iat": int(g.epoch()), "sub": g.uuid(), "name": p["name"], "jti": g.uuid(), "tenant_lei": g.lei()}
    claims.update({{"us_phone": "phone_number", "us_ssn": "ssn", "credit_card": "card_on_file"}[k]: x for k, x in v.items() if k != "email"})
    return done("POST /oauth2/introspect returns this, should the resource server log it?\n" + json.dumps(claims, ensure_ascii=False), det, v)


@shape
def adb_content_query(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [f"Row: 0 _id={g.r.randint(1, 999)}, display_name={p['name']}, data1={v.get('us_phone', 'NULL')}, mimetype=vnd.android.cursor.item/phone_v2"
            if "us_phone" in v else f"Row: 0 _id={g.r.randint(1, 999)}, display_name={p['name']}, data1=NULL, mimetype=vnd.android.cursor.item/name"]
    if "email" in v:
        rows.append(f"Row: 1 _id={g.r.randint(1, 999)}, display_name={p['name']}, data1={v['email']}, mimetype=vnd.android.cursor.item/email_v2")
    rows += [f"Row: {i + 2} _id={g.r.randint(1, 999)}, display_name={p['name']}, data1={lab} {val}, mimetype=vnd.android.cursor.item/note"
             for i, (lab, val) in enumerate(fields(g, {k: x for k, x in v.items() if k in ('us_ssn', 'credit_card')}, 0))]
    return done("$ adb shell content query --uri content://com.android.contacts/data --projection _id:display_name:data1:mimetype\n" +
                "\n".join(rows) + f"\ndevice IMEI {g.imei()}; why are notes empty after restore?", det, v)


# ---------- forms ----------

def form_text(g, title, p, v, extra, ask):
    rows = [title, "=" * len(title), f"Name: {p['name']}", f"City: {p['city']}"] + kv_lines(g, v) + extra
    return "\n".join(rows) + "\n\n" + ask


@shape
def jury_questionnaire(g, kinds):
    p, v, det = fill(g, kinds, ["en-US", "en-US", "fr-CA", "es-AR"])
    extra = [f"Juror no.: {g.r.randint(100, 999)}", f"Summons date: {g.date()}", "Prior jury service: [x] No [ ] Yes",
             f"Employer: {g.company()}", f"Hardship request: {typo(g, 'childcare during the trial weeks')}"]
    return done(form_text(g, "JUROR QUESTIONNAIRE (confidential)", p, v, extra, "summarise this questionnaire for the clerk"), det, v)


@shape
def marathon_registration(g, kinds):
    p, v, det = fill(g, kinds)
    extra = [f"Bib: {g.r.randint(1000, 39999)}", f"Wave: {g.r.choice('ABCD')}", f"Shirt: {g.r.choice(['XS', 'S', 'M', 'L', 'XL'])}",
             f"Emergency contact: {g.person()['name']}", f"Fee: {g.amount()}", f"Payment ref: {g.rf_ref()}"]
    return done(form_text(g, f"{p['city']} Marathon {g.r.randint(2025, 2026)} — registration", p, v, extra, "is anything missing before we print the bib?"), det, v)


@shape
def pet_adoption_form(g, kinds):
    p, v, det = fill(g, kinds)
    extra = [f"Animal ID: A{g.r.randint(100000, 999999)}", f"Microchip: {g.r.choice(['900', '941', '985'])}{g.r.randint(10**11, 10**12 - 1)}",
             f"Home type: {g.r.choice(['apartment', 'house with yard', 'farm'])}", f"Other pets: {typo(g, 'two cats, very friendly')}"]
    return done(form_text(g, "Adoption application / Adoptionsantrag", p, v, extra, "write a friendly reply to this applicant"), det, v)


@shape
def fishing_license_form(g, kinds):
    p, v, det = fill(g, kinds, ["en-US", "en-US", "nb", "fi", "fr-CA"])
    extra = [f"License type: {g.r.choice(['Annual resident', '7-day non-resident', 'Senior lifetime'])}", f"Boat registration: {g.r.choice(['FL', 'MN', 'WA'])} {g.r.randint(1000, 9999)} {g.r.choice(['AB', 'KT', 'ZX'])}",
             f"Hull ID: {g.r.choice(['ABC', 'XYZ', 'GDY'])}{g.r.randint(10000, 99999)}{g.r.choice('ABCDEFGHJKL')}{g.r.randint(1, 9)}{g.r.randint(10, 26)}",
             f"Fee paid: {g.amount()}", f"Receipt: {g.invoice()}"]
    return done(form_text(g, "Fishing License Application", p, v, extra, "can you check this application for errors?"), det, v)


@shape
def daycare_pickup_form(g, kinds):
    p, v, det = fill(g, kinds)
    child = g.person([p["locale"]])["name"]
    extra = [f"Child: {child}", f"Group: {g.r.choice(['Sunflowers', 'Ladybirds', 'Foxes'])}", "Authorized to pick up: grandmother, neighbour",
             f"Allergies: {typo(g, 'peanuts and penicillin')}", f"Signed: {g.date()}", f"Fee invoice: {g.invoice()}"]
    return done(form_text(g, "Daycare pick-up authorization", p, v, extra, "translate this form to English for the new teacher"), det, v)


# ---------- chat in several languages ----------

CHAT_LINES = {
    "es-AR": ["che, te paso los datos", "dale, mandame todo por acá", "gracais!!"], "es-CO": ["hola parce, aquí van mis datos", "listo, ya lo reviso", "mil gracias"],
    "pt-PT": ["olá, envio os dados", "obrigado, vou verificar", "ok ate amanha"], "cs": ["ahoj, posílám údaje", "díky, mrknu na to", "jo, dík"],
    "hu": ["szia, küldöm az adatokat", "köszi, megnézem", "oké"], "ro": ["salut, îți trimit datele", "mersi, verific", "ok pa"],
    "bg": ["здрасти, пращам данните", "мерси, ще проверя", "окей"], "ar-SA": ["مرحبا، هذه بياناتي", "شكراً، سأراجعها", "تمام"],
    "fa": ["سلام، اطلاعاتم رو میفرستم", "ممنون، بررسی می‌کنم", "باشه"], "zh-TW": ["你好,資料如下", "謝謝,我看一下", "好的"],
    "ja": ["お疲れ様です、情報送ります", "ありがとうございます、確認します", "了解です"], "ka": ["გამარჯობა, გიგზავნი მონაცემებს", "მადლობა, გადავხედავ", "კარგი"],
    "yo": ["bawo ni, I dey send the details", "e se, I go check am", "ok o"], "en-US": ["hey, sending my details", "thx, will check", "kk"],
    "da": ["hej, her er mine oplysninger", "tak, jeg kigger på det", "ok"], "fi": ["moi, tässä tiedot", "kiitos, katson", "ok"],
}


def chat_person(g, kinds):
    return fill(g, kinds, sorted(CHAT_LINES))


def chat_values(g, v):
    return [f"{lab} {val}" if g.r.random() < 0.5 else val for lab, val in fields(g, v, 0)]


@shape
def viber_backup_csv(g, kinds):
    p, v, det = chat_person(g, kinds)
    hi, ok, bye = CHAT_LINES[p["locale"]]
    rows = ["Date,Time,Sender,Phone,Message", f"{g.date()},{g.hhmmss()},{p['name']},,{typo(g, hi)}"]
    rows += [f'{g.date()},{g.hhmmss()},{p["name"]},,"{x}"' for x in chat_values(g, v)]
    rows.append(f"{g.date()},{g.hhmmss()},Me,,{ok} ({look(g)})")
    return done("Viber backup export, who sent what?\n" + "\n".join(rows), det, v)


@shape
def signal_desktop_json(g, kinds):
    p, v, det = chat_person(g, kinds)
    hi, ok, _ = CHAT_LINES[p["locale"]]
    msgs = [{"sent_at": int(g.epoch()) * 1000, "type": "incoming", "body": typo(g, hi), "conversationId": g.uuid()}]
    msgs += [{"sent_at": int(g.epoch()) * 1000, "type": "incoming", "body": x} for x in chat_values(g, v)]
    msgs.append({"sent_at": int(g.epoch()) * 1000, "type": "outgoing", "body": f"{ok} ({look(g)})"})
    return done("signal-export messages.json, translate the incoming ones:\n" + json.dumps(msgs, ensure_ascii=False), det, v)


@shape
def vk_message_dump(g, kinds):
    p, v, det = fill(g, kinds, ["bg", "bg", "ka", "hy", "cs"])
    items = [{"id": g.r.randint(10**5, 10**6), "date": int(g.epoch()), "from_id": g.r.randint(10**6, 10**9), "text": typo(g, "привет, вот мои данные")}]
    items += [{"id": g.r.randint(10**5, 10**6), "date": int(g.epoch()), "from_id": items[0]["from_id"], "text": x} for x in chat_values(g, v)]
    items.append({"id": g.r.randint(10**5, 10**6), "date": int(g.epoch()), "from_id": 1, "text": f"ИНН {g.inn()} — это для счёта"})
    return done("ответ messages.getHistory, что тут важно?\n" + json.dumps({"response": {"count": len(items), "items": items}}, ensure_ascii=False), det, v)


@shape
def naver_band_post(g, kinds):
    p, v, det = fill(g, kinds)
    body = [f"[{g.r.choice(['공지', '모임', '회비'])}] {typo(g, '다음 주 모임 신청 받습니다')}", f"작성자: {p['name']}", f"회비: {g.r.randint(1, 9)}만원 ({g.amount()})"]
    body += [f"{lab}: {val}" for lab, val in fields(g, v, 0)]
    body.append(f"댓글 {g.r.randint(0, 40)} · 조회 {g.r.randint(10, 900)} · {g.date()}")
    return done("밴드 게시글 요약해줘\n" + "\n".join(body), det, v)


@shape
def rocketchat_export(g, kinds):
    p, v, det = chat_person(g, kinds)
    hi, ok, _ = CHAT_LINES[p["locale"]]
    msgs = [{"_id": g.hexid(17), "rid": "GENERAL", "msg": typo(g, hi), "ts": {"$date": g.iso_time()}, "u": {"username": p["user"], "name": p["name"]}}]
    msgs += [{"_id": g.hexid(17), "rid": "GENERAL", "msg": x, "ts": {"$date": g.iso_time()}, "u": {"username": p["user"]}} for x in chat_values(g, v)]
    msgs.append({"_id": g.hexid(17), "rid": "GENERAL", "msg": f"{ok} {looks(g, 1)[0][1]}", "u": {"username": "support"}})
    return done("mongoexport of rocketchat_message, which messages should we purge?\n" + "\n".join(json.dumps(m, ensure_ascii=False) for m in msgs), det, v)


@shape
def threema_chat_txt(g, kinds):
    p, v, det = chat_person(g, kinds)
    hi, ok, bye = CHAT_LINES[p["locale"]]
    ts = f"{g.date()}, {g.hhmmss()[:5]}"
    rows = [f"[{ts}] {p['name']}: {typo(g, hi)}"] + [f"[{ts}] {p['name']}: {x}" for x in chat_values(g, v)]
    rows += [f"[{ts}] Ich: {ok}", f"[{ts}] {p['name']}: {bye} 👍", f"[{ts}] Ich: Sendung {g.tracking()}"]
    return done("Threema chat export, make a to-do list from it\n" + "\n".join(rows), det, v)


# ---------- misc business text ----------



















@shape
def japanese_todokede_form(g, kinds):
    p, v, det = fill(g, kinds, ["ja"])
    rows = ["転居届", f"氏名: {p['name']}", f"新住所: {g.jp_address()}", f"届出日: {g.date()}", f"受付番号: {g.invoice()}", f"振込先 IBAN: {g.iban()}"]
    rows += [f"{lab}: {val}" for lab, val in fields(g, v)]
    return done("\n".join(rows) + "\nこの届出書を英語に訳してください", det, v)
