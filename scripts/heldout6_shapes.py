"""The own-template shapes of scripts/make_heldout6.py: each renders one message from a person context and
the PII values to place (kind -> written value; empty for a clean message) and names its variant.
Each shape places every value it is given, or refuses the kind by leaving it out of `kinds`."""
import json
from dataclasses import dataclass
from typing import Callable

from heldout6_values import LOCALES, NON_LATIN, Ctx, spoken

ALL = frozenset({"email", "us_phone", "credit_card", "us_ssn"})
LATIN_EN = ["en_US", "en_GB", "en_AU", "en_IN"]
EVERY = sorted(LOCALES)


@dataclass(frozen=True)
class Shape:
    name: str
    locales: list
    kinds: frozenset
    render: Callable
    requires: frozenset = frozenset()  # kinds every message of this shape carries (never clean)


SHAPES: list[Shape] = []


def shape(name, locales, kinds=ALL, requires=()):
    def register(fn):
        SHAPES.append(Shape(name, locales, frozenset(kinds), fn, frozenset(requires)))
        return fn
    return register


def pick(c: Ctx, *options):
    return c.v.rng.choice(options)


# --- forms and documents ---------------------------------------------------------------------------------

@shape("hr_onboarding", EVERY)
def hr_onboarding(c, p):
    v = c.v
    lines = [f"New hire checklist -- {c.company}", f"Legal name: {c.name}",
             f"Start date: {v.date()}   Employee ID: E{v.digits(6)}   Cost centre: {v.digits(4)}-{v.digits(3)}",
             f"Home address: {c.street}, {c.zipcode} {c.city}"]
    if "us_ssn" in p:
        lines.append(f"{pick(c, 'SSN', 'Social Security No.', 'SSN (for I-9)', 'Tax ID / SSN')}: {p['us_ssn']}")
    else:
        lines.append(f"I-9 documents: passport {v.passport()} (exp. {v.date()}), verified by HR")
    if "us_phone" in p:
        lines.append(f"{pick(c, 'Mobile', 'Emergency contact', 'Cell', 'Phone')}: {p['us_phone']}")
    if "email" in p:
        lines.append(f"Personal email: {p['email']}")
    if "credit_card" in p:
        lines.append(f"Corporate card issued: {p['credit_card']} (limit {v.amount()})")
    else:
        lines.append(f"Direct deposit: {v.iban()}   Laptop asset tag: AT-{v.digits(6)}")
    return "\n".join(lines), "form"


@shape("insurance_claim", EVERY)
def insurance_claim(c, p):
    v = c.v
    vin = "".join(v.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(17))
    parts = [f"Claim {pick(c, 'CLM', 'KL', 'SIN')}-{v.digits(8)} | policy {v.digits(3)}-{v.digits(7)}-{v.digits(2)}",
             f"Date of loss {v.date()} {v.time()[:5]}, reported {v.date()}",
             f"Vehicle VIN {vin}, odometer {v.rng.randint(5, 240):,}{v.rng.randint(100, 999)} km",
             f"Estimate {v.amount()} (deductible {v.amount()})"]
    contact = []
    if "us_phone" in p:
        contact.append(f"claimant can be reached on {p['us_phone']}")
    if "email" in p:
        contact.append(f"correspondence to {p['email']}")
    if "us_ssn" in p:
        contact.append(f"policyholder SSN {p['us_ssn']} confirmed")
    if "credit_card" in p:
        contact.append(f"refund of premium to card {p['credit_card']}")
    parts.append(f"Claimant {c.name}" + ("; " + "; ".join(contact) if contact else ", contact details on policy"))
    return "\n".join(parts), "claim"


@shape("hotel_booking", EVERY)
def hotel_booking(c, p):
    v = c.v
    head = {"de": "Buchungsbestätigung", "fr": "Confirmation de réservation", "es": "Confirmación de reserva",
            "ja": "予約確認", "ru": "Подтверждение бронирования", "zh": "预订确认", "ko": "예약 확인",
            "el": "Επιβεβαίωση κράτησης", "ar": "تأكيد الحجز", "it": "Conferma di prenotazione",
            "pt": "Confirmação de reserva", "pl": "Potwierdzenie rezerwacji", "nl": "Boekingsbevestiging",
            "tr": "Rezervasyon onayı", "hi": "बुकिंग की पुष्टि"}.get(c.lang, "Booking confirmation")
    lines = [f"{head} #{v.digits(10)}  PIN {v.digits(4)}", f"Guest: {c.name}",
             f"Check-in {v.date()} 15:00 / check-out {v.date()} 11:00, {v.rng.randint(1, 9)} nights",
             f"Room {v.rng.randint(101, 1899)}, rate {v.amount()} / night, city tax {v.amount()}"]
    lines.append(f"Guarantee: {p['credit_card']}" if "credit_card" in p else f"Guarantee: card {v.masked_card()}")
    if "us_phone" in p:
        lines.append(f"Guest phone: {p['us_phone']}")
    if "email" in p:
        lines.append(f"Confirmation sent to {p['email']}")
    if "us_ssn" in p:
        lines.append(f"Government rate ID (SSN) {p['us_ssn']}")
    return "\n".join(lines), "confirmation"


@shape("airline_booking", EVERY)
def airline_booking(c, p):
    v = c.v
    pnr = "".join(v.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))
    lines = [f"PNR {pnr}   E-TICKET {v.digits(3)} {v.digits(10)}",
             f"{c.last.upper()}/{c.first.upper()} {pick(c, 'MR', 'MS', 'MRS')}",
             f"{pick(c, 'LH', 'BA', 'AF', 'JL', 'TK', 'EK', 'UA')} {v.rng.randint(10, 9899)} "
             f"{v.date()} dep {v.time()[:5]} arr {v.time()[:5]} seat {v.rng.randint(1, 60)}{pick(c, 'A', 'C', 'K')}",
             f"FF number {v.digits(9)}  Passport {v.passport()}  baggage 1PC 23KG"]
    ssr = []
    if "us_phone" in p:
        ssr.append(f"SSR CTCM {p['us_phone']}")
    if "email" in p:
        ssr.append(f"SSR CTCE {p['email'].replace('@', '//')}" if v.rng.random() < 0.3 else f"OSI contact {p['email']}")
    if "credit_card" in p:
        ssr.append(f"FOP CC {p['credit_card']} EXP {v.rng.randint(1, 12):02d}/{v.rng.randint(26, 31)}")
    else:
        ssr.append(f"FOP CASH  total {v.amount()}")
    if "us_ssn" in p:
        ssr.append(f"SSR DOCO known traveller, SSN {p['us_ssn']}")
    return "\n".join(lines + ssr), "pnr"


@shape("order_export_csv", EVERY)
def order_export_csv(c, p):
    v = c.v
    header = "order_id,created_at,sku,gtin,qty,unit_price,ship_to,contact"
    rows = []
    for i in range(v.rng.randint(2, 4)):
        contact = ""
        if i == 0:
            contact = "; ".join(p[k] for k in ("email", "us_phone") if k in p)
        address = f'"{c.name}\n{c.street}\n{c.zipcode} {c.city}"' if i == 0 else f'"{v.rng.randint(1, 99)} Warehouse Rd\nDock {v.rng.randint(1, 9)}"'
        price = f'"{v.rng.uniform(1, 4000):,.2f}"'
        rows.append(f"{v.order_no()},{v.iso_date()}T{v.time()}Z,{v.sku()},{v.gtin14() if v.rng.random() < 0.5 else v.ean13()},"
                    f"{v.rng.randint(1, 40)},{price},{address},\"{contact}\"")
    extra = []
    if "credit_card" in p:
        extra.append(f"# payment_ref for first row: {p['credit_card']}")
    if "us_ssn" in p:
        extra.append(f"# tax_exempt_id (SSN) first row: {p['us_ssn']}")
    return "\n".join([header] + rows + extra), "csv"


@shape("contract_clause", LATIN_EN + ["de_DE", "fr_FR", "es_ES"])
def contract_clause(c, p):
    v = c.v
    ids = []
    if "us_ssn" in p:
        ids.append(f"Social Security Number {p['us_ssn']}")
    if "email" in p:
        ids.append(f"notices by e-mail to {p['email']}")
    if "us_phone" in p:
        ids.append(f"telephone {p['us_phone']}")
    if "credit_card" in p:
        ids.append(f"fees charged to card no. {p['credit_card']}")
    who = f"{c.name}, residing at {c.street}, {c.city} {c.zipcode}" + (" (" + "; ".join(ids) + ")" if ids else "")
    text = (f"SECTION {v.rng.randint(2, 14)}.{v.rng.randint(1, 9)} PARTIES. This Agreement No. {v.digits(4)}/{v.rng.randint(2024, 2025)} "
            f"is made on {v.date()} between {c.company} (registration {v.digits(8)}, VAT {v.vat()}) and {who}. "
            f"The purchase price of {v.amount()} is payable in {v.rng.randint(2, 36)} instalments to account {v.iban()}.")
    return text, "clause"


# --- messages people write --------------------------------------------------------------------------------

ADS = {
    "en": ("FOR SALE: {item}, {price}, pick up in {city}. {contact}", "Reply here, no calls please."),
    "de": ("Verkaufe {item}, {price} VB, Abholung in {city}. {contact}", "Nur Nachrichten über die Plattform."),
    "fr": ("À vendre : {item}, {price}, à récupérer à {city}. {contact}", "Réponse par messagerie uniquement."),
    "es": ("Vendo {item}, {price}, recoger en {city}. {contact}", "Solo mensajes por la app."),
    "it": ("Vendo {item}, {price}, ritiro a {city}. {contact}", "Solo messaggi in chat."),
    "pt": ("Vendo {item}, {price}, retirar em {city}. {contact}", "Só mensagens pelo app."),
    "pl": ("Sprzedam {item}, {price}, odbiór osobisty {city}. {contact}", "Tylko wiadomości przez portal."),
    "nl": ("Te koop: {item}, {price}, ophalen in {city}. {contact}", "Alleen berichten via de site."),
    "tr": ("Satılık {item}, {price}, {city} elden teslim. {contact}", "Sadece mesaj ile iletişim."),
    "ja": ("【売ります】{item} {price} {city}で手渡し。{contact}", "連絡はサイトのメッセージでお願いします。"),
    "ru": ("Продам {item}, {price}, самовывоз {city}. {contact}", "Пишите только в чат."),
    "zh": ("出售 {item}，{price}，{city} 自提。{contact}", "请站内信联系。"),
    "ko": ("{item} 팝니다, {price}, {city} 직거래. {contact}", "채팅으로만 연락 주세요."),
    "el": ("Πωλείται {item}, {price}, παραλαβή {city}. {contact}", "Μόνο μηνύματα στην πλατφόρμα."),
    "ar": ("للبيع {item}، {price}، الاستلام في {city}. {contact}", "التواصل عبر الرسائل فقط."),
    "hi": ("बिक्री के लिए {item}, {price}, {city} में पिकअप। {contact}", "केवल चैट पर संपर्क करें।"),
}
CONTACT_WORDS = {"en": "Call/text", "de": "Tel.", "fr": "Tél.", "es": "Tel.", "it": "Cell.", "pt": "Zap",
                 "pl": "tel.", "nl": "Bel", "tr": "Tel:", "ja": "電話", "ru": "Тел.", "zh": "电话", "ko": "연락처",
                 "el": "Τηλ.", "ar": "هاتف", "hi": "फ़ोन"}


@shape("classified_ad", EVERY, {"us_phone", "email"})
def classified_ad(c, p):
    v = c.v
    body, no_contact = ADS[c.lang]
    contact = " ".join(filter(None, [f"{CONTACT_WORDS[c.lang]} {p['us_phone']}" if "us_phone" in p else "",
                                     p.get("email", "")])) or no_contact
    item = pick(c, "iPhone 13 128GB (IMEI " + v.imei() + ")", f"road bike 56cm, frame no. {v.digits(8)}",
                f"sofa 3-seat {v.rng.randint(180, 240)}x{v.rng.randint(80, 100)} cm", "Lego set 75192",
                f"washing machine model WM{v.digits(4)}", f"textbooks {v.isbn()}")
    return body.format(item=item, price=v.amount(), city=c.city, contact=contact), "ad"


SCHOOL = {
    "en": "Dear parents of class {cls}, the trip on {date} costs {price}; please pay by {date2}. {contact}",
    "de": "Liebe Eltern der Klasse {cls}, der Ausflug am {date} kostet {price}, bitte bis {date2} zahlen. {contact}",
    "fr": "Chers parents de la classe {cls}, la sortie du {date} coûte {price}, merci de payer avant le {date2}. {contact}",
    "es": "Estimadas familias de {cls}: la excursión del {date} cuesta {price}, pagar antes del {date2}. {contact}",
    "it": "Cari genitori della {cls}, la gita del {date} costa {price}, pagare entro il {date2}. {contact}",
    "pt": "Prezados pais da turma {cls}, o passeio de {date} custa {price}, pagar até {date2}. {contact}",
    "pl": "Drodzy rodzice klasy {cls}, wycieczka {date} kosztuje {price}, prosimy o wpłatę do {date2}. {contact}",
    "nl": "Beste ouders van groep {cls}, het uitje op {date} kost {price}, graag betalen voor {date2}. {contact}",
    "tr": "Sevgili {cls} velileri, {date} gezisi {price}, lütfen {date2} tarihine kadar ödeyin. {contact}",
    "ja": "{cls}組の保護者の皆様 {date}の遠足は{price}です。{date2}までにお支払いください。{contact}",
    "ru": "Уважаемые родители {cls} класса! Экскурсия {date} стоит {price}, оплатить до {date2}. {contact}",
    "zh": "{cls}班家长您好，{date}的春游费用为{price}，请在{date2}前缴纳。{contact}",
    "ko": "{cls}반 학부모님께, {date} 현장학습 비용은 {price}이며 {date2}까지 납부 바랍니다. {contact}",
    "el": "Αγαπητοί γονείς του {cls}, η εκδρομή στις {date} κοστίζει {price}, πληρωμή έως {date2}. {contact}",
    "ar": "أولياء أمور الصف {cls} الكرام، رحلة {date} تكلف {price}، يرجى الدفع قبل {date2}. {contact}",
    "hi": "कक्षा {cls} के अभिभावकों, {date} की यात्रा का शुल्क {price} है, {date2} तक जमा करें। {contact}",
}
SCHOOL_CONTACT = {"en": "Questions: {n}, {x}", "de": "Fragen an {n}: {x}", "fr": "Questions : {n}, {x}",
                  "es": "Dudas: {n}, {x}", "it": "Domande: {n}, {x}", "pt": "Dúvidas: {n}, {x}",
                  "pl": "Pytania: {n}, {x}", "nl": "Vragen: {n}, {x}", "tr": "Sorular: {n}, {x}",
                  "ja": "お問い合わせ：{n} {x}", "ru": "Вопросы: {n}, {x}", "zh": "联系人：{n} {x}",
                  "ko": "문의: {n} {x}", "el": "Ερωτήσεις: {n}, {x}", "ar": "للاستفسار: {n} {x}",
                  "hi": "प्रश्न: {n}, {x}"}


@shape("school_message", EVERY, {"us_phone", "email"})
def school_message(c, p):
    v = c.v
    values_given = " / ".join(p[k] for k in ("us_phone", "email") if k in p)
    contact = SCHOOL_CONTACT[c.lang].format(n=c.name, x=values_given) if values_given else ""
    cls = f"{v.rng.randint(1, 9)}{pick(c, 'a', 'b', 'c')}"
    text = SCHOOL[c.lang].format(cls=cls, date=v.date(), date2=v.date(), price=v.amount(), contact=contact).strip()
    if not values_given:
        text += f" Ref. {v.digits(6)} / IBAN {v.iban()}"
    return text, "school"


@shape("call_transcript", LATIN_EN)
def call_transcript(c, p):
    """Voice transcription: most values typed by the agent, some read out digit by digit by the caller."""
    v = c.v
    lines = [f"[{v.time()}] Agent: Thank you for calling {c.company}, this call may be recorded. Case {v.digits(8)}.",
             f"[{v.time()}] Caller: hi yeah it's {c.first} {c.last}, I'm calling about order {v.order_no()}"]
    variant = "typed"
    for kind, label in (("us_phone", "best callback number"), ("credit_card", "the card number"),
                        ("us_ssn", "last, uh, the full social"), ("email", "email on the account")):
        if kind not in p:
            continue
        value = p[kind]
        if kind != "email" and v.rng.random() < 0.6:
            value = spoken(value, v.rng)
            variant = "spoken"
        lines.append(f"[{v.time()}] Caller: {label} is {value}")
        lines.append(f"[{v.time()}] Agent: got it, thanks.")
    if not p:
        lines.append(f"[{v.time()}] Caller: I lost my card yesterday, can you call me tomorrow? the parcel "
                     f"{v.tracking()} never came and I was charged {v.amount()}")
        lines.append(f"[{v.time()}] Agent: I've opened ticket {v.digits(7)}, hold time was {v.rng.randint(1, 59)} minutes, sorry.")
    return "\n".join(lines), variant


# --- machine text -----------------------------------------------------------------------------------------

@shape("syslog", LATIN_EN + ["de_DE", "ja_JP", "ru_RU", "pt_BR"])
def syslog(c, p):
    v = c.v
    host = pick(c, "web-03", "mx1", "auth-2b", "pay-gw-1", "ip-10-0-3-17")
    stamp = f"{pick(c, 'Jan', 'Mar', 'Jun', 'Oct', 'Dec')} {v.rng.randint(1, 28):2d} {v.time()}"
    lines = [f"{stamp} {host} systemd[1]: Started session {v.rng.randint(1, 9999)} of user deploy.",
             f"{stamp} {host} kernel: [{v.rng.uniform(1, 99999):.6f}] eth0: link up 1000Mbps, src {v.ipv4()}"]
    if "email" in p:
        lines.append(f"{stamp} {host} postfix/smtp[{v.digits(5)}]: {v.hexhash(10).upper()}: to=<{p['email']}>, "
                     f"relay={v.ipv4()}[{v.ipv4()}]:25, delay={v.rng.uniform(0, 9):.2f}, status=sent (250 2.0.0 OK)")
    if "us_phone" in p:
        lines.append(f"{stamp} {host} sms-relay[{v.digits(4)}]: deliver msisdn={p['us_phone']} id={v.uuid()} ok")
    if "credit_card" in p:
        lines.append(f"{stamp} {host} pay-api[{v.digits(4)}]: WARN tokenization failed, raw pan={p['credit_card']} merchant={v.digits(9)}")
    if "us_ssn" in p:
        lines.append(f"{stamp} {host} kyc[{v.digits(4)}]: ERROR verify ssn={p['us_ssn']} status=mismatch")
    if not p:
        lines.append(f"{stamp} {host} sshd[{v.digits(5)}]: Accepted publickey for deploy from {v.ipv4()} port "
                     f"{v.rng.randint(1024, 65535)} ssh2: ED25519 SHA256:{v.hexhash(43)}")
    return "\n".join(lines), "syslog"


@shape("nginx_error", LATIN_EN + ["de_DE", "fr_FR", "ja_JP", "zh_CN"])
def nginx_error(c, p):
    v = c.v
    query = "&".join(f"{k}={val.replace(' ', '%20').replace('+', '%2B').replace('@', '%40') if v.rng.random() < 0.4 else val.replace(' ', '+')}"
                     for k, val in (("email", p.get("email")), ("phone", p.get("us_phone")),
                                    ("cc", p.get("credit_card")), ("ssn", p.get("us_ssn"))) if val)
    query = query or f"page={v.rng.randint(1, 99)}&ts={v.epoch_ms()}&sku={v.sku()}"
    day = f"{v.rng.randint(2024, 2025)}/{v.rng.randint(1, 12):02d}/{v.rng.randint(1, 28):02d}"
    text = (f"{day} {v.time()} [error] {v.rng.randint(1000, 99999)}#{v.rng.randint(0, 9)}: *{v.digits(7)} upstream timed out "
            f"(110: Connection timed out) while reading response header from upstream, client: {v.ipv4()}, "
            f"server: api.{c.domain}, request: \"GET /v{v.rng.randint(1, 3)}/lookup?{query} HTTP/1.1\", "
            f"upstream: \"http://{v.ipv4()}:{v.rng.randint(3000, 9000)}/lookup\", host: \"api.{c.domain}\"")
    return text, "error_log"


@shape("jsonl_events", EVERY)
def jsonl_events(c, p):
    v = c.v
    events = [{"ts": int(v.epoch_ms()), "event": "page_view", "session": v.uuid(), "ip": v.ipv4(),
               "build": f"{v.iso_date()[:4]}.{v.rng.randint(1, 999)}"}]
    user = {"id": int(v.digits(9)), "name": c.name, "locale": c.locale}
    for kind, key in (("email", "email"), ("us_phone", "phone"), ("credit_card", "card_number"), ("us_ssn", "ssn")):
        if kind in p:
            user[key] = p[kind]
    events.append({"ts": int(v.epoch_ms()), "event": "profile_update" if p else "cart_update", "user": user,
                   "cart": {"total": round(v.rng.uniform(5, 900), 2), "items": v.rng.randint(1, 9), "gtin": v.ean13()}})
    v.rng.shuffle(events)
    return "\n".join(json.dumps(e, ensure_ascii=False) for e in events), "jsonl"


@shape("graphql", EVERY)
def graphql(c, p):
    v = c.v
    fields = [f'name: "{c.name}"', f'postalCode: "{c.zipcode}"']
    for kind, key in (("email", "email"), ("us_phone", "phone"), ("credit_card", "cardNumber"), ("us_ssn", "taxId")):
        if kind in p:
            fields.append(f'{key}: "{p[kind]}"')
    if not p:
        fields.append(f'loyaltyId: "{v.luhn_lookalike(v.rng.choice([13, 16]))}"')
    op = pick(c, "updateCustomer", "createLead", "upsertContact")
    text = (f"mutation {{\n  {op}(id: \"{v.uuid()}\", input: {{ {', '.join(fields)} }}) {{\n"
            f"    id\n    updatedAt\n    errors {{ code message }}\n  }}\n}}")
    return text, "mutation"


@shape("soap_xml", EVERY)
def soap_xml(c, p):
    v = c.v
    body = [f"<ns:CustomerRef>{v.digits(10)}</ns:CustomerRef>", f"<ns:Name>{c.name}</ns:Name>"]
    for kind, tag in (("email", "EmailAddress"), ("us_phone", "Telephone"), ("credit_card", "CardNumber"), ("us_ssn", "SSN")):
        if kind in p:
            body.append(f"<ns:{tag}>{p[kind]}</ns:{tag}>")
    if not p:
        body.append(f"<ns:Amount currency=\"EUR\">{v.rng.uniform(10, 99999):.2f}</ns:Amount><ns:IBAN>{v.iban()}</ns:IBAN>")
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
            f'xmlns:ns="urn:{c.domain}:crm:v{v.rng.randint(1, 4)}">\n <soapenv:Body>\n  <ns:UpdateRequest timestamp="{v.epoch_s()}">\n   '
            + "\n   ".join(body) + "\n  </ns:UpdateRequest>\n </soapenv:Body>\n</soapenv:Envelope>")
    return text, "soap"


@shape("ldif", EVERY, {"email", "us_phone"})
def ldif(c, p):
    v = c.v
    uid = "".join(ch for ch in (c.first[:1] + c.last).lower() if ch.isascii() and ch.isalnum()) or f"u{v.digits(5)}"
    lines = [f"dn: uid={uid},ou=people,dc={c.domain.split('.')[0]},dc={c.domain.split('.')[-1]}",
             "objectClass: inetOrgPerson", f"cn: {c.name}", f"sn: {c.last}", f"employeeNumber: {v.digits(6)}",
             f"uidNumber: {v.rng.randint(1000, 65000)}", f"postalCode: {c.zipcode}"]
    if "email" in p:
        lines.append(f"mail: {p['email']}")
    if "us_phone" in p:
        lines.append(f"{pick(c, 'telephoneNumber', 'mobile', 'homePhone')}: {p['us_phone']}")
    if not p:
        lines.append(f"userPassword:: e1NTSEF9{v.hexhash(24)}")
    return "\n".join(lines), "ldif"


@shape("icalendar", EVERY, {"email", "us_phone"})
def icalendar(c, p):
    v = c.v
    y, m, d = v.rng.randint(2024, 2025), v.rng.randint(1, 12), v.rng.randint(1, 28)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", f"UID:{v.uuid()}",
             f"DTSTART:{y}{m:02d}{d:02d}T{v.rng.randint(7, 18):02d}0000Z", f"DURATION:PT{v.rng.choice([15, 30, 45, 60])}M",
             f"SUMMARY:{pick(c, 'Quarterly review', 'Onboarding', 'Vendor call', 'Parent-teacher meeting')}"]
    if "email" in p:
        lines.append(f"ORGANIZER;CN={c.name}:mailto:{p['email']}")
    if "us_phone" in p:
        lines.append(f"DESCRIPTION:Dial-in {p['us_phone']}\\, meeting ID {v.digits(3)} {v.digits(4)} {v.digits(4)}")
    else:
        lines.append(f"DESCRIPTION:Room {v.rng.randint(1, 9)}.{v.rng.randint(10, 99)}\\, booking {v.digits(8)}")
    lines += [f"GEO:{v.coords().replace(', ', ';')}", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines), "vevent"


@shape("mbox_headers", EVERY, ALL, requires={"email"})
def mbox_headers(c, p):
    v = c.v
    email = p["email"]  # an mbox always carries addresses: this shape is never clean (requires email)
    lines = [f"From {email}  {pick(c, 'Mon', 'Tue', 'Thu')} {pick(c, 'Feb', 'May', 'Sep')} {v.rng.randint(1, 28)} {v.time()} 2025",
             f"Received: from mail.{c.domain} ({v.ipv4()}) by mx.{c.domain} with ESMTPS id {v.hexhash(12)}",
             f"From: \"{c.name}\" <{email}>", f"Subject: Re: invoice INV-{v.digits(6)}", f"X-Mailer: Thunderbird {v.version()}"]
    body = []
    if "us_phone" in p:
        body.append(f"Ring me on {p['us_phone']} if anything is unclear.")
    if "credit_card" in p:
        body.append(f"Please charge {p['credit_card']} for the remaining {v.amount()}.")
    if "us_ssn" in p:
        body.append(f"My SSN for the W-9 is {p['us_ssn']}.")
    return "\n".join(lines) + "\n\n" + (" ".join(body) or f"Paid {v.amount()} today, ref {v.digits(8)}."), "mbox"


@shape("spreadsheet", EVERY)
def spreadsheet(c, p):
    v = c.v
    cells = [f"A1: Name | B1: Ref | C1: Amount", f"A2: {c.name} | B2: {v.order_no()} | C2: {v.rng.uniform(10, 9999):.2f}",
             f"C3: =SUM(C2:C2)*{v.rng.choice(['1.19', '1.0825', '1.2'])}", f"D2: =VLOOKUP(B2,Orders!A:F,{v.rng.randint(2, 6)},FALSE)"]
    col = 4
    for kind, head in (("email", "Email"), ("us_phone", "Phone"), ("credit_card", "Card"), ("us_ssn", "SSN")):
        if kind in p:
            letter = "EFGH"[col - 4]
            value = p[kind]
            if kind != "email" and v.rng.random() < 0.3:
                value = "'" + value  # typed as text so the sheet keeps the leading digits
            cells.append(f"{letter}1: {head} | {letter}2: {value}")
            col += 1
    if not p:
        cells.append(f"E2: =TEXT({v.epoch_s()}/86400+DATE(1970,1,1),\"yyyy-mm-dd\") | F2: {v.ean13()}")
    return "\n".join(cells), "cells"


@shape("latex", LATIN_EN + ["de_DE", "fr_FR", "pl_PL"], {"email", "us_phone"})
def latex(c, p):
    v = c.v
    contact = []
    if "email" in p:
        contact.append(f"\\href{{mailto:{p['email']}}}{{\\texttt{{{p['email']}}}}}")
    if "us_phone" in p:
        contact.append(f"Tel.~{p['us_phone']}")
    head = f"\\author{{{c.name}\\\\ {c.company}" + ("\\\\ " + " \\and ".join(contact) if contact else "") + "}"
    table = (f"\\begin{{tabular}}{{lrr}}\nrun & loss & time (s)\\\\\\hline\n"
             f"{v.rng.randint(1, 99)} & {v.rng.uniform(0, 3):.4f} & {v.rng.uniform(1, 9999):,.1f}\\\\\n"
             f"{v.rng.randint(100, 999)} & {v.rng.uniform(0, 3):.4f} & {v.rng.uniform(1, 9999):,.1f}\\\\\n\\end{{tabular}}")
    return f"\\title{{Report {v.digits(4)}}}\n{head}\n\\date{{{v.date()}}}\n{table}", "tex"


@shape("readme_table", LATIN_EN + ["de_DE", "ja_JP", "zh_CN", "ko_KR"])
def readme_table(c, p):
    v = c.v
    rows = ["| Component | Version | Build | Owner | Contact |", "|---|---|---|---|---|"]
    contact = " / ".join(p[k] for k in ("email", "us_phone") if k in p) or "#team-platform"
    rows.append(f"| api | {v.version()} | {v.digits(5)} | {c.name} | {contact} |")
    rows.append(f"| worker | {v.version()} | {v.digits(5)} | on-call | see runbook |")
    notes = []
    if "credit_card" in p:
        notes.append(f"> Test payments in prod used a real card ({p['credit_card']}), rotate it.")
    if "us_ssn" in p:
        notes.append(f"> Fixture `customer_42.json` still contains a real SSN: {p['us_ssn']}.")
    if not p:
        notes.append(f"> Image `registry.local/api@sha256:{v.hexhash(64)}`, port {v.rng.randint(1024, 65535)}.")
    return "\n".join(rows + notes), "md"


@shape("busy_chat", EVERY)
def busy_chat(c, p):
    """A chat message dense with numbers of every kind; PII only when given."""
    v = c.v
    bits = [f"ticket {v.digits(7)}", f"tracking {v.tracking()}", f"IMEI {v.imei()}", f"VAT {v.vat()}",
            f"{v.isbn()}", f"ISIN {v.isin()}", f"licence {v.licence()}", f"order {v.order_no()}",
            f"total {v.amount()}", f"at {v.time()[:5]} on {v.date()}", f"server {v.ipv4()}:{v.rng.randint(80, 9999)}",
            f"v{v.version()}", f"commit {v.hexhash(7)}", f"zip {c.zipcode}", f"GPS {v.coords()}",
            f"account {v.luhn_lookalike(v.rng.choice([12, 16, 18]))}", f"card {v.masked_card()}",
            f"{v.rng.randint(2, 59)} min", f"ts {v.epoch_ms()}", f"IBAN {v.iban()}"]
    v.rng.shuffle(bits)
    chosen = bits[:v.rng.randint(3, 6)]
    for kind, say in (("us_phone", "my number {}"), ("email", "mail me at {}"), ("credit_card", "use card {}"),
                      ("us_ssn", "ssn {}")):
        if kind in p:
            chosen.insert(v.rng.randint(0, len(chosen)), say.format(p[kind]))
    opener = pick(c, "hey, quick one:", "fyi", "pls check", "ok so", "re the return,")
    text = f"{opener} " + ", ".join(chosen) + pick(c, "", " thx", " - no rush", " :)")
    if not p and v.rng.random() < 0.4:
        text += pick(c, " (don't call, I lost my phone)", " btw my card was declined twice",
                     " I'll send my SSN form by post", " @app.route('/refund') returns 500")
    return text, "chat"


@shape("dev_snippet", LATIN_EN, {"email"})
def dev_snippet(c, p):
    """Code with @-strings that are not addresses (decorators, scoped packages, image digests, prompts)."""
    v = c.v
    code = [f"$ npm i @types/node@{v.version()} @aws-sdk/client-s3@{v.version()}",
            f"deploy@build-{v.rng.randint(1, 40)}:~/svc$ git log -1 --format=%H  # {v.hexhash(40)}",
            "@app.route('/api/v1/orders/<int:order_id>', methods=['GET'])",
            "@lru_cache(maxsize=128)",
            f"def get_order(order_id):  # e.g. {v.digits(10)}",
            f"    return db.fetch(order_id, timeout={v.rng.randint(1, 30)})"]
    if "email" in p:
        code.insert(4, f"    # reported by {p['email']} on {v.date()}")
    else:
        code.append(f"FROM python:3.12-slim@sha256:{v.hexhash(64)}")
    return "\n".join(code), "code"
