"""Templates of the heldout15 set (scripts/make_heldout15.py): 50 shapes never used before in this project.
Each shape is ``fn(gen, kinds) -> (text, details)``; it places exactly the values of ``kinds`` (from ``fill``).
A field of an absent kind holds a word (N/A, withheld...), never a number: look-alikes (IBANs, IMEIs, VINs,
tracking numbers...) always stand under a label of their own kind (``gen.lookalike()``)."""
import json
import urllib.parse

SHAPES = {}
SUBSTITUTES = ["(not provided)", "N/A", "withheld", "[removed]", "on file", "--", "none", "TBD", "null", "—", "n/a", "see CRM"]
ORDER = ("email", "us_phone", "us_ssn", "credit_card")
# field labels a person or system of each language writes next to a value of each kind
LABELS = {
    "en": {"email": ["Email", "E-mail", "email address", "Contact email"], "us_phone": ["Phone", "Mobile", "Cell", "Daytime phone"],
           "us_ssn": ["SSN", "Social Security #", "SSN/TIN"], "credit_card": ["Card number", "Credit card", "Card #"]},
    "de": {"email": ["E-Mail", "E-Mail-Adresse"], "us_phone": ["Telefon", "Handy", "Mobil"], "us_ssn": ["SSN (USA)", "US-Sozialversicherungsnr."],
           "credit_card": ["Kreditkarte", "Kartennr."]},
    "fr": {"email": ["Courriel", "Adresse e-mail"], "us_phone": ["Téléphone", "Portable"], "us_ssn": ["SSN (États-Unis)", "n° SSN"],
           "credit_card": ["Carte bancaire", "N° de carte"]},
    "es": {"email": ["Correo", "Correo electrónico"], "us_phone": ["Teléfono", "Móvil"], "us_ssn": ["SSN (EE. UU.)", "Seguro Social"],
           "credit_card": ["Tarjeta", "Nº tarjeta"]},
    "it": {"email": ["Email", "Posta elettronica"], "us_phone": ["Cellulare", "Telefono"], "us_ssn": ["SSN (USA)"], "credit_card": ["Carta di credito"]},
    "nl": {"email": ["E-mailadres"], "us_phone": ["Telefoonnummer", "Mobiel"], "us_ssn": ["SSN (VS)"], "credit_card": ["Creditcardnummer"]},
    "pl": {"email": ["Adres e-mail"], "us_phone": ["Telefon", "Nr tel."], "us_ssn": ["SSN (USA)"], "credit_card": ["Numer karty"]},
    "pt": {"email": ["E-mail"], "us_phone": ["Celular", "Telefone", "WhatsApp"], "us_ssn": ["SSN (EUA)"], "credit_card": ["Cartão", "Nº do cartão"]},
    "ru": {"email": ["Эл. почта", "E-mail"], "us_phone": ["Телефон", "Моб."], "us_ssn": ["SSN (США)"], "credit_card": ["Номер карты"]},
    "ja": {"email": ["メールアドレス"], "us_phone": ["携帯番号", "電話番号"], "us_ssn": ["SSN（米国）"], "credit_card": ["カード番号"]},
    "ko": {"email": ["이메일"], "us_phone": ["휴대폰", "연락처"], "us_ssn": ["SSN(미국)"], "credit_card": ["카드 번호"]},
    "zh": {"email": ["电子邮箱", "郵箱"], "us_phone": ["手机号", "聯絡電話"], "us_ssn": ["美国社安号 SSN"], "credit_card": ["信用卡号"]},
    "vi": {"email": ["Email"], "us_phone": ["SĐT", "Điện thoại"], "us_ssn": ["SSN (Mỹ)"], "credit_card": ["Số thẻ"]},
    "sv": {"email": ["E-post"], "us_phone": ["Mobilnummer", "Telefon"], "us_ssn": ["SSN (USA)"], "credit_card": ["Kortnummer"]},
    "nb": {"email": ["E-post"], "us_phone": ["Mobil", "Telefon"], "us_ssn": ["SSN (USA)"], "credit_card": ["Kortnummer"]},
    "sk": {"email": ["E-mail"], "us_phone": ["Telefón", "Mobil"], "us_ssn": ["SSN (USA)"], "credit_card": ["Číslo karty"]},
    "fa": {"email": ["ایمیل"], "us_phone": ["شماره تماس", "موبایل"], "us_ssn": ["SSN (آمریکا)"], "credit_card": ["شماره کارت"]},
}
KEYNAMES = {"email": ["email", "emailAddress", "contact_email", "mail"], "us_phone": ["phone", "mobile", "phoneNumber", "msisdn"],
            "us_ssn": ["ssn", "socialSecurityNumber", "tax_id", "SSN"], "credit_card": ["card_number", "pan", "cardNumber", "cc"]}
# what may split a value where real files do: a quoted-printable soft line break, and a COBOL literal carried past
# column 72 onto a continuation line (a hyphen in column 7, the literal resumed after a quote)
QP_BREAK = "=\n"
COBOL_CONTINUATION = "\n      -    '"
MARKUP = (QP_BREAK, COBOL_CONTINUATION)


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


def label(g, p, kind):
    return g.r.choice(LABELS.get(p["lang"], LABELS["en"])[kind])


def fields(g, p, v, subs=1, extra=1):
    """(label, value) for every placed value in the person's language, up to ``subs`` absent kinds holding a word,
    and ``extra`` look-alikes under a label of their own kind."""
    out, absent = [], [k for k in ORDER if k not in v]
    for k in ORDER:
        if k in v:
            out.append((label(g, p, k), v[k]))
    for k in g.r.sample(absent, min(subs, len(absent))):
        out.append((label(g, p, k), sub(g)))
    return out + looks(g, extra)


def keyed(g, v, extra=1):
    """(field name, value, filled) for each kind (a word when absent, filled False) under a name a developer would
    pick, then ``extra`` look-alikes under a name of their own kind (filled True)."""
    out = [(g.r.choice(KEYNAMES[k]), v.get(k) or sub(g), k in v) for k in ORDER]
    return out + [(own.lower().replace("-", "_"), value, True) for own, value in looks(g, extra)]


def looks(g, n=2):
    return [g.lookalike() for _ in range(n)]


def done(text, det, v):
    """Guard: every placed value is in the text (plain, JSON-, CSV-, XML- or URL-escaped, markup removed)."""
    plain = text
    for m in MARKUP:
        plain = plain.replace(m, "")
    for value in v.values():
        forms = (value, json.dumps(value, ensure_ascii=False)[1:-1], value.replace('"', '""'), xml(value, True),
                 urllib.parse.quote(value, safe="@"), urllib.parse.quote_plus(value, safe="@"), value.replace("'", "''"))
        assert any(form in plain for form in forms), (value, text)
    return text, det


def name(p):
    return p["name"]


def xml(s, attr=False):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace('"', "&quot;") if attr else s


def jstr(s):
    return json.dumps(s, ensure_ascii=False)


def typo(g, text):
    """Chat noise in the words around the values: a swapped pair of letters or a dropped one, now and then."""
    words = text.split(" ")
    for i, w in enumerate(words):
        if len(w) > 4 and w.isalpha() and g.r.random() < 0.15:
            k = g.r.randrange(1, len(w) - 2)
            words[i] = w[:k] + w[k + 1] + w[k] + w[k + 2:] if g.r.random() < 0.6 else w[:k] + w[k + 1:]
    return " ".join(words)


def qp_wrap(text, width=40):
    """Quoted-printable soft line breaks every ``width`` characters, as a raw mail body shows them."""
    return QP_BREAK.join(text[i:i + width] for i in range(0, len(text), width))


def cobol_continued(line):
    """A source line longer than 72 columns whose literal is still open there, continued as COBOL does it."""
    if len(line) <= 72 or line[:72].count("'") != 1:
        return line
    return line[:72] + COBOL_CONTINUATION + line[72:]


def hhmm(g):
    return f"{g.r.randint(0, 23):02d}:{g.r.randint(0, 59):02d}"


# ---------- logs of systems ----------

@shape
def zeek_conn_log(g, kinds):
    p, v, det = fill(g, kinds)
    query = "&".join(f"{k}={urllib.parse.quote(x, safe='@')}" for k, x, _ in keyed(g, v) if x in v.values()) or f"ref={g.hexid(8)}"
    cols = ["#separator \\x09", "#path\thttp", "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\tstatus_code\tuser_agent"]
    row = [f"{g.epoch()}.{g.r.randint(100000, 999999)}", "C" + g.hexid(17), g.ip(), str(g.r.randint(30000, 65000)), g.ip(), "80", "GET",
           "portal.example-shop.net", f"/account/lookup?{query}", "200", "Mozilla/5.0"]
    other = [f"{g.epoch()}.{g.r.randint(100000, 999999)}", "C" + g.hexid(17), g.ip(), str(g.r.randint(30000, 65000)), g.ip(), "80", "GET",
             "cdn.example-shop.net", f"/static/app.{g.hexid(8)}.js", "304", "Mozilla/5.0"]
    rows = [row, other] if g.r.random() < 0.5 else [other, row]
    return done("Zeek http.log from the sensor, are we leaking customer data in GET params?\n" + "\n".join(cols) + "\n" +
                "\n".join("\t".join(r) for r in rows), det, v)


@shape
def haproxy_httplog(g, kinds):
    p, v, det = fill(g, kinds)
    captured = "|".join(x for _k, x, placed in keyed(g, v) if placed) or g.uuid()
    line = (f"{g.r.choice(['Mar', 'Jul', 'Nov'])} {g.r.randint(10, 28)} {hhmm(g)}:{g.r.randint(10, 59)} lb01 haproxy[{g.r.randint(1000, 9999)}]: "
            f"{g.ip()}:{g.r.randint(30000, 65000)} [{g.r.randint(10, 28)}/Nov/2025:{hhmm(g)}:{g.r.randint(10, 59)}.{g.r.randint(100, 999)}] "
            f"fe_https~ be_api/api{g.r.randint(1, 9)} 0/0/1/{g.r.randint(20, 900)}/{g.r.randint(20, 900)} 200 {g.r.randint(300, 9000)} - - ---- "
            f"{g.r.randint(1, 90)}/{g.r.randint(1, 90)}/3/1/0 0/0 {{{captured}}} \"POST /api/v2/profile HTTP/1.1\"")
    return done(f"we capture request headers X-User-* in haproxy.cfg, here's one line. request id {g.uuid()}\n{line}\n"
                "is capture request header the right place for this?", det, v)


@shape
def modsecurity_audit(g, kinds):
    p, v, det = fill(g, kinds)
    body = "&".join(f"{k}={urllib.parse.quote_plus(x, safe='@')}" for k, x, _ in keyed(g, v)) + f"&csrf={g.hexid(24)}"
    tx = g.hexid(12).upper()
    parts = [f"--{tx}-A--", f"[{g.r.randint(10, 28)}/Oct/2025:{hhmm(g)}:11 +0200] {g.hexid(20)} {g.ip()} {g.r.randint(30000, 65000)} {g.ip()} 443",
             f"--{tx}-B--", "POST /checkout/confirm HTTP/1.1", "Host: shop.example.org", "Content-Type: application/x-www-form-urlencoded",
             f"--{tx}-C--", body, f"--{tx}-F--", "HTTP/1.1 403 Forbidden", f"--{tx}-H--",
             f'Message: Access denied with code 403 (phase 2). Pattern match at ARGS. [id "{g.r.randint(900000, 999999)}"] [rev "{g.r.randint(1, 9)}"]',
             f"Stopwatch: {g.epoch_ms()}000 {g.r.randint(1000, 99999)} (- - -)", f"--{tx}-Z--"]
    return done("ModSecurity blocked a real customer, audit log below; which rule is a false positive?\n" + "\n".join(parts), det, v)


@shape
def keycloak_event_log(g, kinds):
    p, v, det = fill(g, kinds)
    username = v.get("email") or p["user"].replace(".", "_") + str(g.r.randint(1, 99))
    details = ", ".join(f"{k}={x}" for k, x, placed in keyed(g, {k: x for k, x in v.items() if k != "email"}) if placed)
    line = (f"{g.iso_time()[:19].replace('T', ' ')},{g.r.randint(100, 999)} WARN  [org.keycloak.events] (executor-thread-{g.r.randint(1, 40)}) "
            f"type=\"LOGIN_ERROR\", realmId=\"{g.uuid()}\", realmName=\"customers\", clientId=\"web-portal\", userId=\"null\", "
            f"ipAddress=\"{g.ip()}\", error=\"invalid_user_credentials\", auth_method=\"openid-connect\", username=\"{username}\"")
    extra = (f"\n{g.iso_time()[:19].replace('T', ' ')},{g.r.randint(100, 999)} INFO  [org.keycloak.events] type=\"UPDATE_PROFILE\", "
             f"realmName=\"customers\", userId=\"{g.uuid()}\", {details}") if details else ""
    return done(f"keycloak events after the migration to {g.version()}, why do logins fail?\n{line}{extra}", det, v)


@shape
def squid_access_log(g, kinds):
    p, v, det = fill(g, kinds)
    lines = []
    for k, x, placed in keyed(g, v):
        if placed:
            lines.append(f"{g.epoch()}.{g.r.randint(100, 999)}    {g.r.randint(20, 900)} {g.ip()} TCP_MISS/200 {g.r.randint(500, 9000)} GET "
                         f"http://forms.example-insure.com/quote?{k}={urllib.parse.quote(x, safe='@')} - HIER_DIRECT/{g.ip()} text/html")
    lines.append(f"{g.epoch()}.{g.r.randint(100, 999)}     {g.r.randint(1, 90)} {g.ip()} TCP_TUNNEL/200 {g.r.randint(500, 90000)} CONNECT "
                 f"updates.example.com:443 - HIER_DIRECT/{g.ip()} -")
    lines.append(f"{g.epoch()}.{g.r.randint(100, 999)}     {g.r.randint(1, 90)} {g.ip()} TCP_DENIED/403 {g.r.randint(300, 900)} GET "
                 f"http://tracker.example.net/px?cid={g.hexid(10)} - HIER_NONE/- text/html")
    g.r.shuffle(lines)
    return done("squid access.log from the branch office proxy, what is this user doing?\n" + "\n".join(lines), det, v)


@shape
def exim_mainlog(g, kinds):
    p, v, det = fill(g, kinds)
    mid = f"1{g.hexid(5)}-{g.hexid(6)}-{g.hexid(2)}".replace("a", "A")
    ts = f"2025-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d} {hhmm(g)}:{g.r.randint(10, 59)}"
    lines = [f"{ts} SMTP connection from [{g.ip()}]:{g.r.randint(30000, 65000)} (TCP/IP connection count = {g.r.randint(1, 9)})"]
    if "email" in v:
        lines += [f"{ts} {mid} <= {v['email']} H=({g.r.choice(['mail', 'mx', 'smtp'])}.example.net) [{g.ip()}] P=esmtps X=TLS1.3 S={g.r.randint(2000, 90000)} "
                  f"id={g.hexid(16)}", f"{ts} {mid} ** {v['email']}: Unrouteable address"]
    else:
        lines += [f"{ts} {mid} <= <> R={g.hexid(6)} U=Debian-exim P=local S={g.r.randint(2000, 9000)}", f"{ts} {mid} Completed"]
    rest = [f"{lab} {val}" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "email"}, subs=0)]
    if rest:
        lines.append(f"{ts} {mid} H=[{g.ip()}] F=<> rejected after DATA: body contains \"{'; '.join(rest)}\"")
    lines.append(f"{ts} Start queue run: pid={g.r.randint(1000, 99999)}")
    return done("exim4 mainlog excerpt, explain each line\n" + "\n".join(lines), det, v)


# ---------- code and REPL output in languages not used before ----------

@shape
def elixir_iex_inspect(g, kinds):
    p, v, det = fill(g, kinds)
    attrs = ", ".join(f"{k}: {jstr(x)}" if placed else f"{k}: nil" for k, x, placed in keyed(g, v))
    return done(f"iex(3)> Accounts.get_customer!({g.r.randint(1, 99999)})\n%MyApp.Accounts.Customer{{\n  __meta__: #Ecto.Schema.Metadata<:loaded, \"customers\">,\n"
                f"  id: {g.r.randint(1, 99999)},\n  name: {jstr(name(p))},\n  {attrs},\n  inserted_at: ~N[{g.iso_time()[:19]}]\n}}\n"
                "how do I derive Inspect so these fields are hidden in logs?", det, v)


@shape
def kotlin_data_class(g, kinds):
    p, v, det = fill(g, kinds)
    args = ", ".join(f"{k}={x if placed else 'null'}" for k, x, placed in keyed(g, v))
    label_, value = g.lookalike()
    return done(f"org.opentest4j.AssertionFailedError: expected: <Customer(name={name(p)}, {args}, ref={value})> but was: <null>\n"
                f"\tat com.example.crm.CustomerRepositoryTest.findsByRef(CustomerRepositoryTest.kt:{g.r.randint(20, 300)})\n"
                f"my Kotlin test fails, the {label_} lookup returns null. data class Customer has toString auto generated", det, v)


@shape
def swift_dump_output(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"▿ Optional<Contact>", f"  ▿ some: App.Contact", f"    - id: {g.uuid().upper()}", f"    - displayName: {jstr(name(p))}"]
    for k, x, placed in keyed(g, v):
        lines.append(f"    - {k}: {jstr(x)}" if placed else f"    - {k}: nil")
    return done("(lldb) po dump(contact)\n" + "\n".join(lines) + "\nwhy is the contact still saved after the user deleted it? iOS 17", det, v)


@shape
def haskell_ghci_record(g, kinds):
    p, v, det = fill(g, kinds)
    parts = ", ".join(f"cust{k[0].upper()}{k[1:]} = " + (f"Just {jstr(x)}" if placed else "Nothing") for k, x, placed in keyed(g, v))
    return done(f"ghci> decode body :: Maybe Customer\nJust (Customer {{custName = {jstr(name(p))}, {parts}, custSince = {g.date()!r}}})\n"
                "aeson parses it but my FromJSON instance should reject it, why?", det, v)


@shape
def clojure_edn_map(g, kinds):
    p, v, det = fill(g, kinds)
    entries = "\n ".join(f":customer/{k} " + (jstr(x) if placed else "nil") for k, x, placed in keyed(g, v))
    label_, value = g.lookalike()
    return done(f"user=> (d/pull db '[*] [:customer/id {g.r.randint(1, 99999)}])\n{{:db/id {g.r.randint(10**13, 10**14)}\n :customer/name {jstr(name(p))}\n "
                f"{entries}\n :customer/{label_.lower().replace(' ', '-')} {jstr(value)}}}\nhow do I exclude attributes in a Datomic pull?", det, v)


@shape
def perl_data_dumper(g, kinds):
    p, v, det = fill(g, kinds)
    entries = "\n".join(f"          '{k}' => " + (f"'{x}'" if placed else "undef") + "," for k, x, placed in keyed(g, v))
    return done(f"$VAR1 = {{\n          'name' => '{name(p)}',\n{entries}\n          'created' => {g.epoch()},\n          'order' => '{g.order_no()}'\n        }};\n"
                "this comes from our old CGI script's debug output (print Dumper($form)), is it safe to keep?", det, v)


@shape
def lua_table_config(g, kinds):
    p, v, det = fill(g, kinds)
    entries = "\n".join(f"      {k} = " + (jstr(x) if placed else "nil") + "," for k, x, placed in keyed(g, v))
    return done(f"-- contacts.lua (loaded by the kiosk firmware {g.version()})\nreturn {{\n  kiosk_id = {jstr(g.hexid(8))},\n  contacts = {{\n    {{\n      name = {jstr(name(p))},\n"
                f"{entries}\n    }},\n  }},\n  mac = {jstr(g.mac())},\n}}\nthe kiosk can't load it: attempt to index a nil value", det, v)


@shape
def csharp_record_print(g, kinds):
    p, v, det = fill(g, kinds)
    props = ", ".join(f"{k[0].upper()}{k[1:]} = {x if placed else ''}" for k, x, placed in keyed(g, v))
    return done(f"Assert.Equal() Failure: Values differ\nExpected: CustomerDto {{ Id = {g.r.randint(1, 99999)}, Name = {name(p)}, {props} }}\n"
                f"Actual:   CustomerDto {{ Id = 0, Name = , Invoice = {g.invoice_no()} }}\n   at Crm.Tests.MappingTests.MapsCustomer() in MappingTests.cs:line {g.r.randint(10, 200)}\n"
                "AutoMapper profile looks fine to me, what am I missing?", det, v)


@shape
def matlab_struct_disp(g, kinds):
    p, v, det = fill(g, kinds)
    rows = "\n".join(f"    {k}: " + (f"'{x}'" if placed else "[]") for k, x, placed in keyed(g, v))
    return done(f">> s = jsondecode(fileread('participant_{g.r.randint(1, 400):03d}.json'))\n\ns = \n\n  struct with fields:\n\n      name: '{name(p)}'\n{rows}\n"
                f"   trialId: {g.r.randint(1000, 9999)}\n   session: '{g.iso_time()}'\n\nhow do I rmfield all personal fields before saving the .mat?", det, v)


@shape
def sas_proc_print(g, kinds):
    p, v, det = fill(g, kinds)
    cols = [(k, x if placed else ".") for k, x, placed in keyed(g, v)]
    head = "Obs    name" + "".join(f"    {k}" for k, _ in cols)
    row = f"  1    {name(p)}" + "".join(f"    {x}" for _, x in cols)
    row2 = f"  2    {g.person()['name']}" + "".join("    ." for _ in cols)
    return done(f"                                   The SAS System           {g.r.randint(1, 23)}:{g.r.randint(10, 59)} Monday, March 3, 2025   1\n\n"
                f"{head}\n\n{row}\n{row2}\n\nNOTE: There were 2 observations read from the data set WORK.ENROLL.\n"
                "proc print shows the raw values, which format hides them?", det, v)


@shape
def stata_list_output(g, kinds):
    p, v, det = fill(g, kinds)
    rows = keyed(g, v)
    cells = [name(p)] + [x if placed else "." for _k, x, placed in rows]
    header = "| name " + " ".join(k for k, _x, _p in rows) + " |"
    return done(f". list in 1/2, abbreviate(12)\n\n     +{'-' * 60}+\n     {header}\n     |{'-' * 60}|\n  1. | " + "   ".join(cells) +
                f" |\n  2. | {g.person()['name']}   .   .   .   . |\n     +{'-' * 60}+\n\nStata 18: why does export excel drop the leading zeros?", det, v)


@shape
def cobol_working_storage(g, kinds):
    p, v, det = fill(g, kinds)
    lines = ["       WORKING-STORAGE SECTION.", "       01  WS-CUSTOMER-REC.", f"           05  WS-CUST-NAME     PIC X(40) VALUE '{name(p)}'."]
    for k, x, placed in keyed(g, v):
        field = "WS-CUST-" + k.upper().replace("_", "-")[:10]
        lines.append(cobol_continued(f"           05  {field:<16} PIC X(40) VALUE " + (f"'{x}'." if placed else "SPACES.")))
    lines.append(f"           05  WS-ACCT-IBAN     PIC X(34) VALUE '{g.iban()}'.")
    return done("this test copybook was checked into the repo by the contractor, can we keep it?\n" + "\n".join(lines), det, v)


@shape
def fortran_namelist(g, kinds):
    p, v, det = fill(g, kinds)
    entries = ",\n".join(f"  {k} = '{x}'" for k, x, placed in keyed(g, v) if placed) or f"  station_id = '{g.hexid(6)}'"
    return done(f"&RUN_INFO\n  operator = '{name(p)}',\n{entries},\n  t_start = {g.r.randint(0, 100)}.0d0,\n  dt = 1.0d-3,\n  seed = {g.r.randint(1, 10**9)}\n/\n"
                f"gfortran read(unit, nml=RUN_INFO) gives 'Cannot match namelist object name', input file above, compiler {g.version()}", det, v)


@shape
def vba_macro_module(g, kinds):
    p, v, det = fill(g, kinds)
    rows = "\n".join(f'    ws.Range("B{i + 3}").Value = "{x if placed else ""}"   \' {k}' for i, (k, x, placed) in enumerate(keyed(g, v)))
    label_, value = g.lookalike()
    return done(f"Attribute VB_Name = \"Module1\"\nSub FillTestCustomer()\n    Dim ws As Worksheet\n    Set ws = ThisWorkbook.Sheets(\"Kunde\")\n"
                f"    ws.Range(\"B2\").Value = \"{name(p)}\"\n{rows}\n    ws.Range(\"B8\").Value = \"{value}\"   ' {label_}\nEnd Sub\n"
                "Laufzeitfehler 1004 in der Zeile mit B8, warum?", det, v)


# ---------- database and data tool output ----------

@shape
def duckdb_box_output(g, kinds):
    p, v, det = fill(g, kinds)
    cols = [("name", name(p))] + [(k, x if placed else "NULL") for k, x, placed in keyed(g, v) if placed or g.r.random() < 0.5]
    widths = [max(len(c), len(x), 7) + 2 for c, x in cols]
    line = lambda left, mid, right: left + mid.join("─" * w for w in widths) + right  # noqa: E731
    row = lambda cells: "│" + "│".join(f" {c:<{w - 2}} " for c, w in zip(cells, widths)) + "│"  # noqa: E731
    table = [line("┌", "┬", "┐"), row([c for c, _ in cols]), row(["varchar"] * len(cols)), line("├", "┼", "┤"), row([x for _, x in cols]), line("└", "┴", "┘")]
    return done(f"D SELECT * FROM read_csv('signups_{g.date().replace('/', '-')}.csv') WHERE name LIKE '%{p['last'][:3]}%';\n" + "\n".join(table) +
                "\nduckdb reads everything as varchar, how do I keep it that way for the phone column?", det, v)


@shape
def sqlite_line_mode(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [("id", str(g.r.randint(1, 9999))), ("name", name(p))] + [(k, x if placed else "") for k, x, placed in keyed(g, v)]
    rows.append(("updated", g.iso_time()))
    w = max(len(k) for k, _ in rows)
    return done("sqlite> .mode line\nsqlite> SELECT * FROM contacts ORDER BY updated DESC LIMIT 1;\n" +
                "\n".join(f"{k:>{w}} = {x}" for k, x in rows) + "\nthis is from the Android app's local db, should it be encrypted?", det, v)


@shape
def clickhouse_vertical(g, kinds):
    p, v, det = fill(g, kinds)
    rows = [("event_time", g.iso_time()[:19].replace("T", " ")), ("user_name", name(p))] + [(k, x if placed else "ᴺᵁᴸᴸ") for k, x, placed in keyed(g, v)]
    rows += [("city", p["city"])]
    w = max(len(k) for k, _ in rows) + 1
    return done(f"SELECT * FROM events.signups WHERE event_date = today() LIMIT 1 FORMAT Vertical\n\nRow 1:\n──────\n" +
                "\n".join(f"{k + ':':<{w}} {x}" for k, x in rows) + f"\n\n1 row in set. Elapsed: 0.0{g.r.randint(10, 99)} sec.", det, v)


@shape
def es_bulk_ndjson(g, kinds):
    p, v, det = fill(g, kinds)
    doc = {"event_time": g.iso_time(), "customer": {"name": name(p), "city": p["city"]}, **{k: x for k, x, placed in keyed(g, v) if placed},
           "order_id": g.order_no()}
    other = {"event_time": g.iso_time(), "customer": {"name": g.person()["name"]}, "status": "cancelled"}
    lines = [json.dumps({"index": {"_index": "orders-2025.11", "_id": g.hexid(20)}}), json.dumps(doc, ensure_ascii=False),
             json.dumps({"index": {"_index": "orders-2025.11", "_id": g.hexid(20)}}), json.dumps(other, ensure_ascii=False)]
    return done("POST _bulk returns errors:true, mapper_parsing_exception on the second doc?\n" + "\n".join(lines), det, v)


# ---------- spreadsheets and office files ----------

@shape
def spreadsheetml_2003(g, kinds):
    p, v, det = fill(g, kinds)
    entries = keyed(g, v)
    cells = [name(p), p["city"]] + [xml(x if placed else "") for _k, x, placed in entries]
    rows = ("<Row>" + "".join(f'<Cell><Data ss:Type="String">{c}</Data></Cell>' for c in ["Name", "Ort"] + [k for k, _x, _p in entries]) + "</Row>\n" +
            "<Row>" + "".join(f'<Cell><Data ss:Type="String">{x}</Data></Cell>' for x in cells) + "</Row>")
    return done(f'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                f'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n<Worksheet ss:Name="Export"><Table>\n{rows}\n</Table></Worksheet></Workbook>\n'
                "our ERP exports this XML Spreadsheet 2003 file, how do I read it with pandas?", det, v)


@shape
def ods_content_xml(g, kinds):
    p, v, det = fill(g, kinds)
    cell = lambda x: f'<table:table-cell office:value-type="string" calcext:value-type="string"><text:p>{xml(x)}</text:p></table:table-cell>'  # noqa: E731
    vals = [name(p)] + [lab + ": " + val for lab, val in fields(g, p, v)]
    amount = g.r.randint(10, 9999)
    return done('<office:spreadsheet><table:table table:name="Tabelle1">\n<table:table-row>' + "".join(cell(x) for x in vals) +
                f'<table:table-cell office:value-type="float" office:value="{amount}"><text:p>{amount}</text:p></table:table-cell></table:table-row>\n'
                "</table:table></office:spreadsheet>\nthis is content.xml from a LibreOffice Calc file, the text cells have label and value in one cell, split them?", det, v)


# ---------- package manifests ----------

@shape
def cargo_toml_authors(g, kinds):
    p, v, det = fill(g, kinds)
    author = f"{name(p)} <{v['email']}>" if "email" in v else name(p)
    extra = "".join(f"# {lab}: {val}\n" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "email"}, subs=0))
    return done(f"[package]\nname = \"{p['last'].lower()}-parser\"\nversion = \"{g.version().lstrip('v')}\"\nedition = \"2021\"\nauthors = [{jstr(author)}]\n"
                f"license = \"MIT OR Apache-2.0\"\n{extra}\n[dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n"
                "cargo publish warns that authors is deprecated, what should I do with it?", det, v)


@shape
def maven_pom_developers(g, kinds):
    p, v, det = fill(g, kinds)
    dev = [f"      <id>{p['user'].replace('.', '')}</id>", f"      <name>{xml(name(p))}</name>"]
    if "email" in v:
        dev.append(f"      <email>{xml(v['email'])}</email>")
    dev.append(f"      <organization>{xml(p['company'])}</organization>")
    props = "".join(f"      <{k}>{xml(x)}</{k}>\n" for k, x, placed in keyed(g, {k: x for k, x in v.items() if k != "email"}) if placed)
    if props:
        dev.append("      <properties>\n" + props + "      </properties>")
    return done(f"<project>\n  <groupId>com.example</groupId>\n  <artifactId>billing-core</artifactId>\n  <version>{g.version()}</version>\n  <developers>\n"
                "    <developer>\n" + "\n".join(dev) + "\n    </developer>\n  </developers>\n</project>\nmvn deploy to Central fails the POM validation, why?", det, v)


@shape
def ruby_gemspec(g, kinds):
    p, v, det = fill(g, kinds)
    meta = "".join(f"  spec.metadata[\"{k}\"] = {jstr(x)}\n" for k, x, placed in keyed(g, {k: x for k, x in v.items() if k != "email"}) if placed)
    email = f"  spec.email = [{jstr(v['email'])}]\n" if "email" in v else ""
    return done(f"Gem::Specification.new do |spec|\n  spec.name = \"{p['last'].lower()}_client\"\n  spec.version = \"{g.version().lstrip('v')}\"\n"
                f"  spec.authors = [{jstr(name(p))}]\n{email}{meta}  spec.files = Dir[\"lib/**/*.rb\"]\nend\n"
                "gem build says the metadata is invalid, which key is wrong?", det, v)


# ---------- protocols ----------

@shape
def curl_verbose_trace(g, kinds):
    p, v, det = fill(g, kinds)
    body = json.dumps({"name": name(p), **{k: x for k, x, placed in keyed(g, v) if placed}, "locale": p["locale"]}, ensure_ascii=False)
    ip = g.ip()
    return done(f"$ curl -v -X POST https://api.example-crm.io/v3/leads -H 'Content-Type: application/json' -d @lead.json\n"
                f"*   Trying {ip}:443...\n* Connected to api.example-crm.io ({ip}) port 443\n* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n"
                f"> POST /v3/leads HTTP/2\n> Host: api.example-crm.io\n> user-agent: curl/8.5.0\n> content-type: application/json\n> content-length: {len(body)}\n>\n"
                f"* upload completely sent off: {len(body)} bytes\n< HTTP/2 422\n< x-request-id: {g.uuid()}\n<\n{{\"error\":\"validation_failed\"}}\n"
                f"lead.json is:\n{body}\nwhat fails validation?", det, v)


@shape
def tshark_fields_dump(g, kinds):
    p, v, det = fill(g, kinds)
    rows = []
    for k, x, placed in keyed(g, v):
        if placed:
            rows.append(f"{g.r.randint(1, 900)}\t{g.r.uniform(0, 60):.6f}\t{g.ip()}\t{g.ip()}\tPOST\t/submit\t{k}={urllib.parse.quote_plus(x, safe='@')}")
    rows.append(f"{g.r.randint(1, 900)}\t{g.r.uniform(0, 60):.6f}\t{g.ip()}\t{g.ip()}\tGET\t/health\t")
    return done("$ tshark -r capture.pcapng -Y http.request -T fields -e frame.number -e frame.time_relative -e ip.src -e ip.dst "
                "-e http.request.method -e http.request.uri -e http.file_data\n" + "\n".join(rows) + "\nthe IoT device posts forms over plain http?", det, v)


@shape
def smpp_submit_sm(g, kinds):
    p, v, det = fill(g, kinds)
    dest = v.get("us_phone", "").replace(" ", "").replace("-", "") if "us_phone" in v else ""
    text = "; ".join(f"{lab} {val}" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "us_phone"}, subs=0)) or f"Your code is {g.r.randint(100000, 999999)}"
    lines = [f"{g.iso_time()} DEBUG smpp.client - PDU submit_sm seq={g.r.randint(1, 99999)}", "  service_type: ", "  source_addr_ton: 5 source_addr: EXAMPLEBANK",
             f"  dest_addr_ton: 1 dest_addr_npi: 1 destination_addr: {dest or 'not set'}", f"  data_coding: 8 (UCS2) sm_length: {len(text) * 2}",
             f"  short_message: \"{text}\"", f"{g.iso_time()} DEBUG smpp.client - submit_sm_resp status=0x{g.r.choice(['0000000B', '00000045', '00000000'])} message_id={g.hexid(10)}"]
    if "us_phone" in v:
        lines.append(f"  (msisdn as entered by the customer: {v['us_phone']})")
    return done("our SMS aggregator returns an error on some submits, SMPP debug log:\n" + "\n".join(lines), det, v)


@shape
def xmpp_message_stanza(g, kinds):
    p, v, det = fill(g, kinds)
    sender = v["email"] if "email" in v else "support.example.chat"
    body = xml(typo(g, "hi, here is what you asked for") + " — " + ", ".join(f"{lab}: {val}" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "email"}, subs=1)))
    return done(f"<message from=\"{sender}/mobile-{g.hexid(4)}\" to=\"agents.support.example.chat\" type=\"chat\" id=\"{g.uuid()}\" xml:lang=\"{p['lang']}\">\n"
                f"  <body>{body}</body>\n  <active xmlns=\"http://jabber.org/protocol/chatstates\"/>\n  <stanza-id xmlns=\"urn:xmpp:sid:0\" id=\"{g.hexid(16)}\" by=\"support.example.chat\"/>\n"
                "</message>\nejabberd archives these in MAM, how do I purge one user's messages?", det, v)


@shape
def imap_fetch_transcript(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"{lab}: {val}" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "email"}, subs=1)]
    wrapped = g.r.random() < 0.4
    body = qp_wrap(" ".join(lines)) if wrapped else "\n".join(lines)
    ask = "why is the text still quoted-printable?" if wrapped else "how do I fetch only the text part with imaplib?"
    headers = f"Reply-To: {v['email']}\n" if "email" in v else ""
    uid = g.r.randint(1000, 99999)
    return done(f"a1 SELECT INBOX\n* {g.r.randint(10, 9999)} EXISTS\na1 OK [READ-WRITE] SELECT completed\na2 UID FETCH {uid} (BODY.PEEK[HEADER.FIELDS (SUBJECT REPLY-TO)] BODY.PEEK[TEXT])\n"
                f"* 42 FETCH (UID {uid} BODY[HEADER.FIELDS (SUBJECT REPLY-TO)] {{{g.r.randint(40, 90)}}}\nSubject: Anfrage {g.order_no()}\n{headers}\n"
                f" BODY[TEXT] {{{len(body)}}}\n{body}\n)\na2 OK UID FETCH completed\n{ask}", det, v)


@shape
def mqtt_sub_output(g, kinds):
    p, v, det = fill(g, kinds)
    payload = json.dumps({"device": g.hexid(12), "owner": name(p), **{k: x for k, x, placed in keyed(g, v) if placed}, "fw": g.version()}, ensure_ascii=False)
    other = json.dumps({"device": g.hexid(12), "battery": g.r.randint(5, 100), "rssi": -g.r.randint(40, 99)})
    return done(f"$ mosquitto_sub -h broker.local -t 'fleet/+/provision' -v\nfleet/{g.hexid(6)}/provision {payload}\nfleet/{g.hexid(6)}/provision {other}\n"
                "anyone on the broker can read this topic, how do I lock it with an ACL?", det, v)


@shape
def rabbitmq_get_message(g, kinds):
    p, v, det = fill(g, kinds)
    payload = json.dumps({"customer": name(p), **{k: x for k, x, placed in keyed(g, v) if placed}, "event_id": g.uuid()}, ensure_ascii=False)
    return done(f"Message 1\nThe server reported {g.r.randint(0, 400)} messages remaining.\nExchange\tbilling.events\nRouting Key\tcustomer.updated\nRedelivered\t●\n"
                f"Properties\tmessage_id: {g.uuid()}\n\tdelivery_mode: 2\n\theaders: x-death: {g.r.randint(1, 9)}\n\tcontent_type: application/json\n"
                f"Payload\n{len(payload)} bytes\nEncoding: string\n{payload}\n\ncopied from the management UI (Get messages), why does it keep dead-lettering?", det, v)


@shape
def kcat_consume_output(g, kinds):
    p, v, det = fill(g, kinds)
    value = json.dumps({"name": name(p), **{k: x for k, x, placed in keyed(g, v) if placed}, "ts": int(g.epoch_ms())}, ensure_ascii=False)
    return done(f"$ kcat -C -b kafka:9092 -t crm.contacts -o -2 -e -f 'Topic %t [%p] at offset %o: key %k: %s\\n'\n"
                f"Topic crm.contacts [{g.r.randint(0, 11)}] at offset {g.r.randint(1000, 999999)}: key {g.uuid()}: {value}\n"
                f"Topic crm.contacts [{g.r.randint(0, 11)}] at offset {g.r.randint(1000, 999999)}: key {g.uuid()}: {{\"tombstone\":true}}\n"
                "% Reached end of topic crm.contacts\ndo we need compaction on this topic for GDPR deletes?", det, v)


# ---------- file formats ----------

@shape
def rss_item_author(g, kinds):
    p, v, det = fill(g, kinds)
    author = f"<author>{xml(v['email'])} ({xml(name(p))})</author>" if "email" in v else f"<dc:creator>{xml(name(p))}</dc:creator>"
    desc = xml(" | ".join(f"{lab}: {val}" for lab, val in fields(g, p, {k: x for k, x in v.items() if k != "email"}, subs=0)) or g.phrase())
    return done(f"<rss version=\"2.0\"><channel><title>{xml(p['company'])} Kleinanzeigen</title>\n<item>\n  <title>{xml(g.product())}</title>\n"
                f"  <link>https://ads.example.org/a/{g.r.randint(10**6, 10**7)}</link>\n  {author}\n  <description>{desc}</description>\n"
                f"  <guid isPermaLink=\"false\">{g.uuid()}</guid>\n</item></channel></rss>\nthe feed validator complains about the item, what's wrong?", det, v)


@shape
def kml_placemark(g, kinds):
    p, v, det = fill(g, kinds)
    data = "".join(f'<Data name="{k}"><value>{xml(x)}</value></Data>' for k, x, placed in keyed(g, v) if placed)
    lat, lon = g.coords().split(", ")
    return done(f"<kml xmlns=\"http://www.opengis.net/kml/2.2\"><Document><Placemark>\n  <name>{xml(p['company'])}</name>\n"
                f"  <description>{xml(p['street'])}, {xml(p['zip'])} {xml(p['city'])} — {xml(name(p))}</description>\n  <ExtendedData>{data}</ExtendedData>\n"
                f"  <Point><coordinates>{lon},{lat},0</coordinates></Point>\n</Placemark></Document></kml>\nimported into My Maps, the ExtendedData doesn't show", det, v)


@shape
def epub_opf_metadata(g, kinds):
    p, v, det = fill(g, kinds)
    metas = "".join(f'\n    <meta property="dcterms:rightsHolder">{xml(val)}</meta>' for _lab, val in fields(g, p, v, subs=0))
    return done(f"<package version=\"3.0\" unique-identifier=\"uid\" xmlns=\"http://www.idpf.org/2007/opf\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                f"    <dc:identifier id=\"uid\">urn:isbn:{g.isbn().replace('-', '')}</dc:identifier>\n    <dc:title>{xml(g.product())}</dc:title>\n"
                f"    <dc:creator>{xml(name(p))}</dc:creator>\n    <dc:language>{p['lang']}</dc:language>{metas}\n"
                f"    <meta property=\"dcterms:modified\">{g.iso_time()[:19]}Z</meta>\n  </metadata>\n</package>\nepubcheck error RSC-005 on content.opf, help", det, v)


@shape
def hugo_front_matter(g, kinds):
    p, v, det = fill(g, kinds)
    params = "".join(f"  {k}: \"{x}\"\n" for k, x, placed in keyed(g, v) if placed)
    return done(f"---\ntitle: \"Über uns — {p['company']}\"\ndate: {g.iso_time()}\ndraft: false\nauthor: \"{name(p)}\"\nparams:\n{params}  build: \"{g.version()}\"\n---\n\n"
                f"{{{{< contact-card >}}}}\n\nWir sind ein kleines Team in {p['city']}.\n\nhugo server renders the page but the shortcode can't see .Params, why?", det, v)


@shape
def ass_subtitle_events(g, kinds):
    p, v, det = fill(g, kinds)
    lines = [f"Dialogue: 0,0:00:{i * 4 + 1:02d}.00,0:00:{i * 4 + 4:02d}.50,Default,{name(p)},0,0,0,,{{\\an8}}{lab}: {val}" for i, (lab, val) in enumerate(fields(g, p, v))]
    lines.insert(0, f"Dialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,{g.phrase()}")
    return done(f"[Script Info]\nTitle: promo_{g.hexid(6)}\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" +
                "\n".join(lines) + "\nAegisub shows the lines at the top, but ffmpeg burns them at the bottom?", det, v)


# ---------- forms ----------

@shape
def pdftk_field_dump(g, kinds):
    p, v, det = fill(g, kinds)
    blocks = [("applicant_name", name(p)), ("city", p["city"])] + [(k, x if placed else "") for k, x, placed in keyed(g, v)]
    text = "\n".join(f"---\nFieldType: Text\nFieldName: {k}\nFieldFlags: 0\nFieldValue: {x}\nFieldJustification: Left" for k, x in blocks)
    return done("$ pdftk application_filled.pdf dump_data_fields_utf8\n" + text + "\nhow do I flatten the form so nobody can edit it?", det, v)


@shape
def field_trip_permission_slip(g, kinds):
    p, v, det = fill(g, kinds, ["en-US", "en-CA", "en-AU", "en-GB", "en-IND"])
    rows = [f"FIELD TRIP PERMISSION SLIP — {g.r.choice(['Science Museum', 'Aquarium', 'State Capitol', 'Zoo'])} ({g.date()})", f"Student: {g.person(['en-US'])['first']} (Grade {g.r.randint(1, 8)})",
            f"Parent/Guardian: {name(p)}"] + [f"{lab}: {val}" for lab, val in fields(g, p, v, subs=2)]
    rows += [f"Bus fee: {g.amount()}", f"Allergies: {g.r.choice(['none', 'peanuts', 'bee stings'])}", "Signature: ______________"]
    return done("typed up from the paper form, can you turn it into a row for our sign-up sheet?\n" + "\n".join(rows), det, v)


@shape
def library_card_application(g, kinds):
    p, v, det = fill(g, kinds, ["de", "de-AT", "nl", "sv", "nb-NO", "pl", "sk"])
    head = {"de": "Anmeldung Stadtbibliothek", "nl": "Inschrijfformulier bibliotheek", "sv": "Ansökan om lånekort", "nb": "Søknad om lånekort",
            "pl": "Wniosek o kartę biblioteczną", "sk": "Prihláška čitateľa"}[p["lang"]]
    rows = [head, f"{p['name']}", f"{p['street']}, {p['zip']} {p['city']}"] + [f"{lab}: {val}" for lab, val in fields(g, p, v, subs=2)]
    rows.append(f"Ausweis-/Kartennr. (Bibliothek): {g.r.randint(10**9, 10**10)}" if p["lang"] == "de" else f"Barcode: {g.gtin()}")
    return done("\n".join(rows) + "\ncan you check the form for missing fields? answer in the form's language", det, v)


# ---------- chat in several languages ----------

@shape
def zalo_chat_vi(g, kinds):
    p, v, det = fill(g, kinds, ["vi"])
    msgs = [f"{hhmm(g)} {name(p)}: " + typo(g, g.r.choice(["chị ơi em gửi thông tin nha", "a ơi e gửi lại thông tin nhé", "shop ơi cho mình đặt hàng"]))]
    msgs += [f"{hhmm(g)} {name(p)}: {lab} {val}" for lab, val in fields(g, p, v)]
    msgs.append(f"{hhmm(g)} Shop {p['company']}: ok ạ, mã đơn {g.order_no()}, phí ship {g.r.randint(15, 45)}k")
    return done("đoạn chat Zalo với khách, tóm tắt giúp mình:\n" + "\n".join(msgs), det, v)


@shape
def skype_chat_copy(g, kinds):
    p, v, det = fill(g, kinds, ["de", "de-CH", "pl", "sk", "nl", "sv"])
    greet = {"de": "hallo, hier die daten fürs formular", "pl": "cześć, tu dane do formularza", "sk": "ahoj, posielam údaje", "nl": "hoi, hier de gegevens",
             "sv": "hej, här är uppgifterna"}[p["lang"]]
    who = p["first"]
    msgs = [f"[{hhmm(g)}] {who}: {typo(g, greet)}"] + [f"[{hhmm(g)}] {who}: {lab} = {val}" for lab, val in fields(g, p, v)]
    msgs.append(f"[{hhmm(g)}] Martin Weber: danke! Ticket {g.invoice_no()}")
    return done("copied from Skype for Business, please put it into the CRM fields:\n" + "\n".join(msgs), det, v)


@shape
def qq_chat_record(g, kinds):
    p, v, det = fill(g, kinds, ["zh-CN"])
    qq = g.r.randint(10**7, 10**10)
    day = f"2025-{g.r.randint(1, 12):02d}-{g.r.randint(1, 28):02d}"
    msgs = [f"{day} {hhmm(g)}:{g.r.randint(10, 59)} {name(p)}({qq})\n" + typo(g, g.r.choice(["你好，我想改一下收货信息", "在吗？订单信息要改一下", "客服你好"]))]
    msgs += [f"{day} {hhmm(g)}:{g.r.randint(10, 59)} {name(p)}({qq})\n{lab}：{val}" for lab, val in fields(g, p, v)]
    msgs.append(f"{day} {hhmm(g)}:{g.r.randint(10, 59)} 客服小美({g.r.randint(10**7, 10**9)})\n好的，订单号 {g.order_no()} 已更新")
    return done("消息记录（QQ导出 txt）\n================================================================\n消息分组:我的好友\n" + "\n\n".join(msgs) + "\n\n帮我整理成表格", det, v)


@shape
def ptt_bbs_post(g, kinds):
    p, v, det = fill(g, kinds, ["zh-TW"])
    body = "\n".join(f"{lab}：{val}" for lab, val in fields(g, p, v))
    pushes = [f"推 {g.hexid(6)}: 幫推 {hhmm(g)}", f"→ {g.hexid(5)}: 私訊你了 {hhmm(g)}"]
    return done(f"作者  {p['user'].split('.')[0][:10]} ({name(p)})\n看板  Lifeismoney\n標題  [轉讓] {g.product()} 便宜賣\n時間  Mon Nov {g.r.randint(10, 28)} {hhmm(g)}:{g.r.randint(10, 59)} 2025\n\n"
                f"{typo(g, '東西九成新 面交或寄送都可以')}\n{body}\n\n--\n※ 發信站: 批踢踢實業坊(ptt.cc), 來自: {g.ip()} (臺灣)\n" + "\n".join(pushes) +
                "\n這篇文章要不要把個資遮掉？", det, v)


@shape
def mercadolibre_question(g, kinds):
    p, v, det = fill(g, kinds, ["pt-BR", "es"])
    q = {"pt": "Pergunta: oi, ainda tem? pode me chamar nesse contato", "es": "Pregunta: hola, sigue disponible? me contactas aca"}[p["lang"]]
    a = {"pt": "Resposta: Olá! Temos sim. Por segurança não passamos contato por aqui.", "es": "Respuesta: ¡Hola! Sí. Por seguridad no compartimos datos por acá."}[p["lang"]]
    info = " ".join(f"{lab} {val}" for lab, val in fields(g, p, v, subs=0))
    ask = {"pt": "resume a conversa e diz se o comprador quebrou alguma regra", "es": "resume la conversación, ¿el comprador rompió alguna regla?"}[p["lang"]]
    return done(f"{g.product()} — {g.amount()} — {'anúncio' if p['lang'] == 'pt' else 'publicación'} MLB{g.r.randint(10**9, 10**10)}\n{typo(g, q)} {info}\n"
                f"{p['first']} · {g.date()}\n{a}\n{ask}", det, v)
