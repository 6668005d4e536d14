"""Message templates for scripts/make_heldout11.py (heldout11, a held-out PII set). Each shape takes the Gen
and returns one text; PII enters only through g.slot(kind, fmt, clean_alternative), which records the kind.
Every shape offers a slot for all four kinds, and fills the rest with hard non-PII numbers."""

# Labels a person would write in their own language (English when the locale has none here).
LABELS = {
    "de": {"tel": "Tel.", "mail": "E-Mail", "hi": "Sehr geehrte Damen und Herren,", "bye": "Mit freundlichen Grüßen"},
    "fr": {"tel": "Tél.", "mail": "Courriel", "hi": "Madame, Monsieur,", "bye": "Cordialement"},
    "es": {"tel": "Tel.", "mail": "Correo", "hi": "Estimados señores:", "bye": "Atentamente"},
    "it": {"tel": "Tel.", "mail": "E-mail", "hi": "Gentili signori,", "bye": "Distinti saluti"},
    "pt": {"tel": "Telefone", "mail": "E-mail", "hi": "Prezados,", "bye": "Atenciosamente"},
    "nl": {"tel": "Tel.", "mail": "E-mail", "hi": "Geachte heer/mevrouw,", "bye": "Met vriendelijke groet"},
    "pl": {"tel": "Tel.", "mail": "E-mail", "hi": "Szanowni Państwo,", "bye": "Z poważaniem"},
    "sv": {"tel": "Tfn", "mail": "E-post", "hi": "Hej,", "bye": "Vänliga hälsningar"},
    "tr": {"tel": "Tel", "mail": "E-posta", "hi": "Sayın yetkili,", "bye": "Saygılarımla"},
    "ru": {"tel": "Тел.", "mail": "Эл. почта", "hi": "Здравствуйте,", "bye": "С уважением"},
    "uk": {"tel": "Тел.", "mail": "Ел. пошта", "hi": "Добрий день,", "bye": "З повагою"},
    "el": {"tel": "Τηλ.", "mail": "Email", "hi": "Αγαπητοί κύριοι,", "bye": "Με εκτίμηση"},
    "ar": {"tel": "هاتف", "mail": "البريد", "hi": "السادة المحترمون،", "bye": "مع التحية"},
    "he": {"tel": "טל׳", "mail": "דוא״ל", "hi": "שלום רב,", "bye": "בברכה"},
    "hi": {"tel": "फ़ोन", "mail": "ईमेल", "hi": "नमस्ते,", "bye": "धन्यवाद"},
    "zh": {"tel": "电话", "mail": "邮箱", "hi": "您好，", "bye": "此致"},
    "ja": {"tel": "電話", "mail": "メール", "hi": "お世話になっております。", "bye": "よろしくお願いいたします。"},
    "ko": {"tel": "전화", "mail": "이메일", "hi": "안녕하세요,", "bye": "감사합니다."},
    "th": {"tel": "โทร", "mail": "อีเมล", "hi": "เรียน ท่านผู้เกี่ยวข้อง", "bye": "ขอแสดงความนับถือ"},
    "vi": {"tel": "ĐT", "mail": "Email", "hi": "Kính gửi quý công ty,", "bye": "Trân trọng"},
    "sw": {"tel": "Simu", "mail": "Barua pepe", "hi": "Habari,", "bye": "Asante"},
}
EN = {"tel": "Phone", "mail": "Email", "hi": "Dear Sir or Madam,", "bye": "Kind regards"}


def lab(g, key):
    return LABELS.get(g.locale, EN).get(key, EN[key])


def name(g):
    return f"{g.person['first']} {g.person['last']}"


def tel(g, fmt="{label}: {{}}"):
    return g.slot("us_phone", fmt.format(label=lab(g, "tel")), g.ref)


def mail(g, fmt="{label}: {{}}"):
    return g.slot("email", fmt.format(label=lab(g, "mail")), g.ref)


def ssn(g, fmt="SSN: {}"):
    return g.slot("us_ssn", fmt, g.ref)


def card(g, fmt="Card: {}"):
    return g.slot("credit_card", fmt, g.masked_card)


def complaint_letter(g):
    p = g.person
    return (f"{lab(g, 'hi')}\n\nI am writing to complain about order {g.order()} placed on {p['date']} "
            f"({g.amount()}). The parcel ({g.tracking()}) arrived damaged. I paid with {card(g, 'my card {}')}. "
            f"{tel(g, 'Please call me back: {{}}.')} For your records {ssn(g, 'my SSN is {}')}.\n"
            f"{mail(g, 'Reply to {{}}')}\n\n{lab(g, 'bye')},\n{name(g)}, {p['city']}")


def tenancy_dispute(g):
    p = g.person
    return (f"Re: deposit for flat 4B, {p['street']}, {p['city']}\nTenancy ref TD/{g.d(5)}/{p['date'][:4]}. "
            f"Deposit {g.amount()} protected under scheme no. {g.d(8)}. Meter reading {g.d(5)}.{g.d(1)} kWh.\n"
            f"Tenant: {name(g)} | {tel(g)} | {mail(g)}\nGuarantor check: {ssn(g, 'SSN {}')}\n"
            f"Rent paid by {card(g, 'card {}')}; landlord IBAN {g.iban()}.")


def appointment_reminder(g):
    p = g.person
    return (f"Reminder: {name(g)}, your appointment at {p['city']} Clinic is on {p['date']} at {p['time']} "
            f"(room {g.r.randint(100, 420)}, booking {g.order()}). To rebook {tel(g, 'call {{}}')} or "
            f"{mail(g, 'write to {{}}')}. Insurance check: {ssn(g, 'SSN on file {}')}. "
            f"Co-pay {g.amount()} — {card(g, 'saved card {}')}.")


def pharmacy_refill_chat(g):
    return (f"[pharmacy bot] Hi! Refill for Rx #{g.d(7)} (NDC {g.d(5)}-{g.d(3)}-{g.d(2)}), 30 tabs 20 mg?\n"
            f"[{g.person['first']}] yes pls. {tel(g, 'text me at {{}}')}\n"
            f"[pharmacy bot] Identity check: {ssn(g, 'last we have is SSN {}')}. Confirm pickup "
            f"{g.person['date']}.\n[{g.person['first']}] ok, {card(g, 'charge {}')}, receipt to {mail(g, '{{}}')}")


def school_enrolment(g):
    p = g.person
    return (f"SCHOOL ENROLMENT FORM {p['date'][:4]}/{int(p['date'][:4]) + 1}\nPupil: {p['first']} {p['last']}  "
            f"DOB: {p['date']}  Year group: {g.r.randint(1, 12)}\nParent/guardian {tel(g)}\n{mail(g)}\n"
            f"{ssn(g, 'Parent SSN (for fee waiver): {}')}\nLunch account top-up: {card(g, 'card {}')}\n"
            f"Locker code {g.d(4)}, bus route {g.r.randint(1, 60)}")


def visa_application(g):
    p = g.person
    return (f"Can you check my visa application draft?\nFull name: {name(g)}\nPassport no: "
            f"{g.sha(2).upper()}{g.d(7)}, issued {p['date']}\nAddress: {p['street']} {g.r.randint(1, 200)}, "
            f"{p['city']}\n{tel(g)}, {mail(g)}\nUS sponsor {ssn(g, 'SSN {}')}\nFee {g.amount()} "
            f"paid, {card(g, 'card {}')}\nCase number {g.pick(['IOE', 'EAC', 'WAC'])}{g.d(10)}")


def europass_cv(g):
    p = g.person
    return (f"EUROPASS CURRICULUM VITAE\nPERSONAL INFORMATION  {name(g)}\n  {p['street']}, {p['city']}\n"
            f"  {tel(g, '{label} {{}}')}\n  {mail(g, '{label} {{}}')}\n  {ssn(g, 'US SSN (work permit) {}')}\n"
            f"WORK EXPERIENCE  {int(p['date'][:4]) - 5}–present  {p['company']}\n"
            f"  Kept {g.pick(g.values['products'])} v{g.version()} running on {g.ipv4()}\n"
            f"{card(g, 'Payment for certificate: {}')}")


def profile_about(g):
    return (f"{name(g)} · {g.pick(['Senior buyer', 'Data engineer', 'Nurse', 'Chef'])} at {g.person['company']}\n"
            f"About: {g.person['words']} 500+ connections. {mail(g, 'Reach me: {{}}')} / {tel(g, '{{}}')}\n"
            f"(recruiters asked for {ssn(g, 'SSN {}')} — is that normal?) Featured: ISBN {g.isbn_hyphen()}\n"
            f"{card(g, 'Premium billed to {}')}")


def cover_letter(g):
    p = g.person
    return (f"Please polish my cover letter:\n\n{lab(g, 'hi')}\nI am applying for job ref {g.order()} at "
            f"{p['company']}. I have {g.r.randint(2, 20)} years of experience. "
            f"{tel(g, 'You can reach me at {{}}')} {mail(g, 'or {{}}')}. Background check consent: {ssn(g, '{}')}. "
            f"{card(g, 'Application fee paid with {}')}.\n{lab(g, 'bye')}, {name(g)}")


def seating_plan(g):
    tables = [f"Table {i}: {g.pick(g.values['given'])}, {g.pick(g.values['given'])}" for i in range(1, 4)]
    return ("Wedding seating plan v" + g.version() + "\n" + "\n".join(tables) +
            f"\nHead table: {name(g)} ({tel(g, 'mobile {{}}')})\nCaterer invoice {g.order()} {g.amount()}\n"
            f"{mail(g, 'RSVP inbox {{}}')}\nVenue deposit {card(g, '{}')}; {ssn(g, 'planner SSN {}')}")


def team_roster(g):
    rows = [f"{n:>2} | {g.pick(g.values['given']):<10} | {g.pick(['GK', 'DF', 'MF', 'FW'])} | "
            f"{g.r.randint(150, 199)} cm" for n in g.r.sample(range(1, 40), 4)]
    return (f"U{g.r.randint(10, 18)} {g.pick(g.values['teams'])} roster — season {g.person['date'][:4]}\n"
            "No | Name | Pos | Height\n" + "\n".join(rows) +
            f"\nCoach {name(g)}\n{tel(g, 'Coach phone {{}}')}, {mail(g, 'coach email {{}}')}\n"
            f"Kit fund {card(g, '{}')}\n"
            f"{ssn(g, 'Treasurer SSN {}')}")


def volunteer_rota(g):
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    rows = [f"{d} {g.r.randint(7, 11):02d}:00-{g.r.randint(12, 18):02d}:00  {g.pick(g.values['given'])}"
            for d in g.r.sample(days, 3)]
    return ("Food bank volunteer rota, week " + str(g.r.randint(1, 52)) + "\n" + "\n".join(rows) +
            f"\nCover/swaps: {name(g)}, {tel(g, 'mob. {{}}')}\nDonations log: {g.d(3)} kg, pallet {g.ean()}\n"
            f"{mail(g, 'Rota sheet owner {{}}')}\n{ssn(g, 'DBS form: SSN {}')}\n{card(g, 'Van fuel card {}')}")


def shift_schedule(g):
    return (f"SHIFT SCHEDULE — store #{g.d(4)} — {g.person['date']}\nEMP_ID  SHIFT        ROLE\n"
            f"E{g.d(5)}  06:00-14:00  till\nE{g.d(5)}  14:00-22:00  stock\n"
            f"Manager: {name(g)} {tel(g, 'on call {{}}')}\n{mail(g, 'Payroll query {{}}')}\n"
            f"{ssn(g, 'New starter SSN {}')}\nPetty cash {card(g, '{}')}\nTill float {g.amount()}")


def payroll_csv(g):
    head = "emp_no,name,hours,rate,gross,ssn,phone,email,card_on_file"
    row = ",".join([g.d(4), name(g), str(g.r.randint(10, 45)), g.person["amount"][:4], g.amount(),
                    g.slot("us_ssn", "{}", "-"), g.slot("us_phone", "{}", "-"), g.slot("email", "{}", "-"),
                    g.slot("credit_card", "{}", g.masked_card)])
    other = ",".join([g.d(4), g.pick(g.values["given"]), str(g.r.randint(10, 45)), "12.50", g.amount(),
                      "on file", "-", "-", g.masked_card()])
    return f"Why does this payroll CSV fail to import?\n{head}\n{other}\n{row}"


def expense_report(g):
    p = g.person
    return (f"Expense report ER-{g.d(6)} — {name(g)} ({p['company']})\n"
            f"{p['date']}  Taxi  {g.amount()}  receipt {g.sha(8).upper()}\n"
            f"{p['date']}  Hotel {g.amount()}  folio {g.d(9)}\n{card(g, 'Corporate card {}')}\n"
            f"Approver {mail(g, '{{}}')}, {tel(g, '{{}}')}\n{ssn(g, 'Reimbursement tax ID (SSN) {}')}")


def purchase_order(g):
    lines = [f"{i}. {g.pick(g.values['products'])}  EAN {g.ean()}  qty {g.r.randint(1, 400)}" for i in (1, 2, 3)]
    return (f"PURCHASE ORDER {g.order()}\nBuyer: {g.person['company']}, {g.person['city']}\n" + "\n".join(lines) +
            f"\nDeliver by {g.person['date']}. {tel(g, 'Contact {{}}')}; {mail(g, 'invoices to {{}}')}\n"
            f"{card(g, 'Pay by {}')} | {ssn(g, 'Sole-trader SSN {}')} | VAT DE{g.d(9)}")


def quotation_email(g):
    return (f"Subject: Quotation Q-{g.d(5)} for {g.pick(g.values['products'])}\n\n{lab(g, 'hi')}\n"
            f"Thank you for your enquiry of {g.person['date']}. Unit price {g.amount()}, MOQ {g.r.randint(50, 900)},"
            f" lead time {g.r.randint(2, 12)} weeks. HS code {g.d(4)}.{g.d(2)}.{g.d(2)}.\n"
            f"{tel(g, 'Questions: {{}}')} / {mail(g, '{{}}')}. {card(g, 'Deposit taken from {}')}. "
            f"{ssn(g, 'W-9 SSN {}')}.\n{lab(g, 'bye')}\n{name(g)}")


def bill_of_lading(g):
    return (f"BILL OF LADING No. {g.pick(['MAEU', 'MSCU', 'CMAU'])}{g.d(9)}\nShipper: {g.person['company']}\n"
            f"Container {g.pick(['TGHU', 'MSKU'])}{g.d(7)} seal {g.d(8)}  gross {g.d(5)} kg\n"
            f"Notify party: {name(g)}, {tel(g, '{{}}')}, {mail(g, '{{}}')}\n"
            f"Port of loading {g.person['city']} ETD {g.person['date']}\nFreight {card(g, 'prepaid by {}')}\n"
            f"{ssn(g, 'Importer of record SSN {}')}")


def pick_list(g):
    rows = [f"{g.pick('ABCDEF')}-{g.r.randint(1, 40):02d}-{g.r.randint(1, 9)}  SKU {g.d(8)}  x{g.r.randint(1, 20)}"
            for _ in range(4)]
    return ("PICK LIST  wave " + g.d(6) + "\nBIN       SKU           QTY\n" + "\n".join(rows) +
            f"\nShip to {name(g)} ({tel(g, '{{}}')})\n{mail(g, 'notify {{}}')}\n{card(g, 'COD {}')}\n"
            f"{ssn(g, 'picker SSN {}')}")


def rma_label(g):
    return (f"RETURN AUTHORISATION  RMA{g.d(8)}\nItem: {g.pick(g.values['products'])}  S/N {g.sha(10).upper()}  "
            f"IMEI {g.imei()}\nReason: dead on arrival\nCustomer {name(g)}  {tel(g, '{{}}')}\n{mail(g, '{{}}')}\n"
            f"Refund to {card(g, '{}')}  {ssn(g, '(SSN {})')}\nReturn tracking {g.tracking()}")


def warranty_claim(g):
    return (f"Warranty claim for my {g.pick(g.values['products'])} bought {g.person['date']} (receipt "
            f"{g.order()}, serial {g.sha(12).upper()}, firmware {g.version()}). It stopped charging. "
            f"{card(g, 'Bought with {}')}. {tel(g, 'Call {{}}')}, {mail(g, 'email {{}}')}. "
            f"{ssn(g, 'They want my SSN {} for the extended plan?')} — {name(g)}")


def recall_notice(g):
    return (f"PRODUCT RECALL — {g.pick(g.values['products'])}\nLot numbers {g.d(6)} to {g.d(6)}, EAN "
            f"{g.ean()}, best before {g.person['date']}.\nCustomer reply from {name(g)}: I have two packs. "
            f"{tel(g, 'Phone {{}}')}; {mail(g, '{{}}')}. {card(g, 'Refund to {}')}. {ssn(g, 'SSN {}')}")


def survey_freetext(g):
    return (f"Survey response #{g.d(6)} (NPS {g.r.randint(0, 10)}/10, submitted {g.iso_time()})\n"
            f"Q7 Anything else? \"{g.person['words']} Staff were rude. {tel(g, 'Ring me on {{}}')} or "
            f"{mail(g, '{{}}')}. {card(g, 'I was charged twice on {}')}. {ssn(g, 'Why ask for my SSN {}?')}\"")


def callback_request(g):
    return (f"CALLBACK REQUEST  queue={g.pick(['billing', 'tech', 'sales'])}  ticket={g.d(8)}\n"
            f"name={name(g)}\n{tel(g, 'callback_number={{}}')}\n{mail(g, 'fallback_email={{}}')}\n"
            f"preferred={g.person['time']} local  attempts={g.r.randint(0, 3)}\n{ssn(g, 'verify_ssn={}')}\n"
            f"{card(g, 'card_last_used={}')}")


def voicemail_transcript(g):
    return (f"Voicemail ({g.r.randint(0, 2)}:{g.r.randint(10, 59)}) received {g.person['date']} {g.person['time']}:\n"
            f"\"Hi, it's {name(g)} about invoice {g.order()}. Um, {tel(g, 'my number is {{}}')}, "
            f"{mail(g, 'or email {{}}')}. {card(g, 'The card was {}')}. {ssn(g, 'And my social is {}')}. "
            f"Thanks, bye.\" [confidence 0.{g.d(2)}]")


def vtt_transcript(g):
    t = g.r.randint(0, 50)
    return (f"WEBVTT\n\n00:{t:02d}:01.000 --> 00:{t:02d}:04.500\n<v Host>Welcome back, {g.pick(g.values['given'])}.\n\n"
            f"00:{t:02d}:05.000 --> 00:{t:02d}:09.800\n<v {g.person['first']}>Sure, {tel(g, 'call {{}}')}, "
            f"{mail(g, '{{}}')}\n\n00:{t:02d}:10.000 --> 00:{t:02d}:13.000\n<v {g.person['first']}>"
            f"{card(g, 'card {}')} {ssn(g, 'ssn {}')}")


def podcast_notes(g):
    return (f"Episode {g.r.randint(1, 300)}: {g.pick(g.values['products']).title()}\nRecorded {g.person['date']}, "
            f"{g.r.randint(20, 90)} min, RSS guid {g.person['guid']}\nGuest: {name(g)} ({g.person['company']})\n"
            f"Sponsor code SAVE{g.d(2)}. {mail(g, 'Bookings: {{}}')}, {tel(g, 'hotline {{}}')}\n"
            f"{card(g, 'Patreon billed {}')} {ssn(g, 'Guest tax form SSN {}')}\nISBN {g.isbn_hyphen()}")


def press_release(g):
    return (f"FOR IMMEDIATE RELEASE — {g.person['city']}, {g.person['date']}\n{g.person['company']} raises "
            f"{g.amount()}M in Series {g.pick('ABC')} (filing {g.d(10)}).\nMedia contact: {name(g)}\n"
            f"{tel(g, '{label} {{}}')}\n{mail(g, '{label} {{}}')}\n{card(g, 'Press kit fee card {}')}\n"
            f"{ssn(g, 'Founder SSN {}')}\n###")


def grant_application(g):
    return (f"GRANT APPLICATION  ref GA-{g.d(4)}-{g.d(3)}\nPI: {name(g)}, {g.person['company']}\n"
            f"Budget {g.amount()} over {g.r.randint(12, 48)} months; ORCID 0000-000{g.d(1)}-{g.d(4)}-{g.d(3)}X\n"
            f"{mail(g, 'Correspondence {{}}')}  {tel(g, '{{}}')}\n{ssn(g, 'Payee SSN {}')}\n"
            f"{card(g, 'Application fee {}')}")


def consent_form(g):
    return (f"RESEARCH CONSENT FORM — study {g.pick(['NCT', 'ISRCTN'])}{g.d(8)} v{g.version()}\nParticipant "
            f"ID P-{g.d(5)}\nI, {name(g)}, agree to take part.\n{tel(g, 'Contact: {{}}')} | {mail(g, '{{}}')}\n"
            f"{ssn(g, 'For payment: SSN {}')}\nCompensation {g.amount()} to {card(g, '{}')}\nSigned {g.person['date']}")


def trial_screening_log(g):
    rows = [f"S{g.d(4)}  {g.person['date']}  {g.pick(['eligible', 'screen fail', 'consented'])}  "
            f"BMI {g.r.randint(18, 40)}.{g.d(1)}" for _ in range(3)]
    return ("screening_log.txt\nSUBJ   DATE        STATUS  NOTES\n" + "\n".join(rows) +
            f"\nsite coordinator {name(g)} {tel(g, '{{}}')} {mail(g, '{{}}')}\n{ssn(g, 'stipend SSN {}')}\n"
            f"{card(g, 'stipend card {}')}")


def sample_manifest(g):
    rows = [f"{g.sha(2).upper()}{g.d(8)},{g.pick(['serum', 'plasma', 'DNA'])},{g.r.randint(1, 9)}.{g.d(1)} mL,"
            f"-80C,rack {g.r.randint(1, 30)}" for _ in range(3)]
    return ("tube_id,type,volume,temp,location\n" + "\n".join(rows) +
            f"\n# shipped {g.iso_time()} courier {g.tracking()}\n# receiver {name(g)} {tel(g, '{{}}')} "
            f"{mail(g, '{{}}')}\n# {ssn(g, 'donor SSN {}')}\n# {card(g, 'courier billed to {}')}")


def hearing_notice(g):
    return (f"NOTICE OF HEARING\nCase No. {g.d(2)}-CV-{g.d(5)}  Courtroom {g.r.randint(1, 30)}\nYou are "
            f"summoned on {g.person['date']} at {g.person['time']}.\nRespondent: {name(g)}\n{ssn(g, 'SSN {}')}\n"
            f"Clerk: {tel(g, 'tel. {{}}')}, {mail(g, 'mail {{}}')}\nFiling fee {g.amount()} {card(g, 'paid by {}')}")


def poa_letter(g):
    return (f"POWER OF ATTORNEY\nI, {name(g)}, residing at {g.person['street']}, {g.person['city']}, appoint "
            f"{g.pick(g.values['given'])} as my attorney-in-fact. {ssn(g, 'Principal SSN: {}.')} "
            f"{tel(g, 'Contact: {{}}.')} {mail(g, '{{}}.')} {card(g, 'Notary fee paid with {}.')} "
            f"Notary reg. {g.d(7)}, commission exp. {g.person['date']}.")


def debt_collection(g):
    return (f"FINAL NOTICE — account {g.d(10)}\n{name(g)}, you owe {g.amount()} (original creditor "
            f"{g.person['company']}, ref {g.order()}).\n{card(g, 'Card on file {} will be charged')} unless you "
            f"{tel(g, 'call {{}}')} settle.\n{ssn(g, 'Identity: SSN {}')}\nDisputes: {mail(g, '{{}}')}\n"
            f"Interest {g.r.randint(3, 29)}.{g.d(2)}% p.a.")


def vin(g):
    # a world manufacturer prefix keeps a VIN from reading as a 17-digit card number
    return f"{g.pick(['WVW', 'JHM', 'VF1', 'SAL', 'YV1'])}{g.sha(2).upper()}{g.d(12)}"


def loan_application(g):
    return (f"LOAN APPLICATION #{g.d(8)}\nApplicant: {name(g)}\nEmployer: {g.person['company']}, income "
            f"{g.amount()}/month\n{ssn(g, 'SSN: {}')}\n{tel(g, '{{}}')}\n{mail(g, '{{}}')}\n"
            f"{card(g, 'Existing card: {}')}\nCollateral VIN {vin(g)}")


def mortgage_statement(g):
    return (f"Mortgage statement {g.person['date']}\nLoan no. {g.d(10)}  Property {g.person['street']}, "
            f"{g.person['city']}\nPrincipal {g.amount()}  Escrow {g.amount()}  Rate {g.r.randint(2, 8)}.{g.d(3)}%\n"
            f"Autopay from {g.iban()}\nBorrower {name(g)} {ssn(g, 'SSN {}')}\n{tel(g, '{{}}')} {mail(g, '{{}}')}\n"
            f"{card(g, 'Late fee card {}')}")


def kyc_chat(g):
    return (f"agent: for KYC I need a selfie + ID. wallet 0x{g.sha(40)}\nuser: ok. {ssn(g, 'ssn {}')}\n"
            f"user: {tel(g, '{{}} for 2FA pls')}, {mail(g, '{{}}')}\nagent: deposit of {g.amount()} from "
            f"{card(g, '{}')} pending, tx {g.sha(64)}")


def remittance_receipt(g):
    return (f"MONEY TRANSFER RECEIPT\nMTCN {g.d(10)}  {g.iso_time()}\nSender: {name(g)}  {tel(g, '{{}}')}\n"
            f"Receiver: {g.pick(g.values['given'])}, {g.person['city']}\nAmount {g.amount()}  FX 1.{g.d(4)}\n"
            f"{card(g, 'Funded by {}')}\n{ssn(g, 'Sender SSN {}')}\n{mail(g, 'Receipt sent to {{}}')}")


def topup_receipt(g):
    pin = "-".join(g.sha(4).upper() for _ in range(3))
    return (f"TOP-UP OK {g.iso_time()}\nRef {g.not_luhn(12)}  Voucher PIN {pin}\n"
            f"{tel(g, 'Mobile {{}}')}\nAmount {g.amount()}  Bonus {g.r.randint(1, 20)} GB\n{card(g, 'Paid {}')}\n"
            f"{mail(g, 'e-receipt {{}}')}\n{ssn(g, 'SSN {}')}")


def sim_registration(g):
    return (f"SIM REGISTRATION\nICCID 89{g.d(17)}  IMSI {g.d(15)}\nIMEI {g.imei()}\nSubscriber: {name(g)}, "
            f"{g.person['city']}\n{tel(g, 'Assigned MSISDN {{}}')}\n{ssn(g, 'ID: SSN {}')}\n{mail(g, '{{}}')}\n"
            f"{card(g, 'Auto-recharge {}')}")


def roaming_sms(g):
    return (f"Welcome to {g.person['country']}! Data {g.amount()}/MB, calls {g.amount()}/min. "
            f"{tel(g, 'Emergency line {{}}')}. {mail(g, 'Bill sent to {{}}')}. {card(g, 'Daypass charged to {}')}. "
            f"{ssn(g, 'Verify: SSN {}')}. Ref {g.d(6)}")


def chatbot_log(g):
    return (f'{{"session":"{g.person["guid"]}","turns":[{{"bot":"How can I help?"}},'
            f'{{"user":"where is {g.order()}? {tel(g, "my phone {{}}")}"}},{{"bot":"Found it, tracking '
            f'{g.tracking()}"}},{{"user":"{mail(g, "{{}}")} {card(g, "refund {}")} {ssn(g, "ssn {}")}"}}],'
            f'"ts":{g.epoch_ms()}}}')


def translate_request(g):
    lang = g.pick(["German", "Japanese", "Arabic", "Spanish", "Russian", "Hindi"])
    return (f"Translate this letter into {lang}:\n\"{lab(g, 'hi')} I, {name(g)}, confirm the order {g.order()} "
            f"of {g.person['date']}. {tel(g, 'My number: {{}}.')} {mail(g, 'Email: {{}}.')} "
            f"{card(g, 'Card: {}.')} {ssn(g, 'SSN {}.')} {lab(g, 'bye')}\"")


def code_review(g):
    return (f"review on src/{g.pick(g.values['hosts'])}/client.py L{g.r.randint(10, 300)}:\n"
            f"> DEFAULT_TIMEOUT = {g.r.randint(1, 90)}\n> RETRY_IDS = [{g.d(9)}, {g.d(9)}]\n"
            f"nit: don't hard-code {tel(g, 'the support number {{}}')} or {mail(g, '{{}}')} here\n"
            f"blocker: fixture still has {card(g, 'a real card {}')} and {ssn(g, 'SSN {}')}\n"
            f"commit {g.sha(40)}")


def console_result(g):
    return (f"mysql> select id, created, contact from customers where id={g.d(6)};\n"
            f"| {g.d(6)} | {g.person['date']} {g.person['time']}:00 | {mail(g, '{{}}')} |\n"
            f"| {tel(g, 'phone  | {{}}')} |\n| {ssn(g, 'tax    | {}')} |\n| {card(g, 'pay    | {}')} |\n"
            f"1 row in set (0.0{g.d(1)} sec)")


def regex_fixture(g):
    return (f"why doesn't my regex match these test strings?\npattern: r'\\b\\d{{3}}[- ]?\\d{{4}}\\b'\n"
            f"cases = [\n  \"{tel(g, '{{}}')}\",\n  \"{mail(g, '{{}}')}\",\n  \"{ssn(g, '{}')}\",\n"
            f"  \"{card(g, '{}')}\",\n  \"v{g.version()}\",\n  \"{g.mac()}\",\n]")


def seed_script(g):
    email, phone = mail(g, 'email: "{{}}"'), tel(g, 'phone: "{{}}"')
    tax, pay = ssn(g, 'ssn: "{}"'), card(g, 'card: "{}"')
    return (f"// seed.ts - run with `npx ts-node seed.ts`\nawait db.user.create({{ data: {{\n"
            f"  id: {g.snowflake()}n,\n  name: \"{name(g)}\",\n  {email},\n  {phone},\n  {tax},\n  {pay},\n"
            f"  createdAt: new Date({g.epoch_ms()}),\n}} }});")


def config_diff(g):
    return (f"--- a/notify.ini\n+++ b/notify.ini\n@@ -{g.r.randint(1, 40)},6 +{g.r.randint(1, 40)},6 @@\n"
            f" [alerts]\n-retries = {g.r.randint(1, 5)}\n+retries = {g.r.randint(6, 9)}\n"
            f"+{tel(g, 'oncall_sms = {{}}')}\n+{mail(g, 'oncall_mail = {{}}')}\n"
            f" listen = {g.ipv4()}:{g.r.randint(1025, 65000)}\n+# {ssn(g, 'owner ssn {}')}\n"
            f"+# {card(g, 'billing card {}')}")


def redact_request(g):
    return (f"remove PII from this log:\n{g.iso_time()} INFO req={g.person['guid']} ip={g.ipv4()} "
            f"{mail(g, 'user={{}}')}\n{g.iso_time()} WARN {tel(g, 'sms_to={{}}')} dur={g.r.randint(1, 999)}ms\n"
            f"{g.iso_time()} ERROR {card(g, 'charge failed {}')} {ssn(g, 'ssn={}')} span={g.sha(16)}")


def formula_cells(g):
    return (f"=VLOOKUP(A{g.r.randint(2, 900)},Contacts!A:F,3,FALSE) returns #N/A.\nA2: {name(g)}\n"
            f"B2: {tel(g, '{{}}')}\nC2: {mail(g, '{{}}')}\nD2: {ssn(g, '{}')}\nE2: {card(g, '{}')}\n"
            f"F2: =TEXT({g.epoch_ms()}/86400000+DATE(1970,1,1),\"yyyy-mm-dd\")")


def url_params(g):
    host = g.pick(g.values["hosts"])
    email = g.slot("email", "&email={}", "")
    phone = g.slot("us_phone", "&tel={}", "")
    return (f"this link from the newsletter is broken, why?\nhttps://{host}.shop/unsubscribe?uid={g.d(10)}"
            f"{email}{phone}&utm_campaign={g.pick(g.values['teams'])}&t={g.epoch_ms()}\n"
            f"{ssn(g, 'They also printed my SSN {} in the footer.')} {card(g, 'and card {}')}")


def lookup_keys_json(g):
    # PII as JSON keys, not values: a dedup map someone pastes from a script's output
    return (f'{{"dedup_run": "{g.person["guid"]}", "by_contact": {{'
            f'"{mail(g, "{{}}")}": {{"visits": {g.r.randint(1, 40)}}}, '
            f'"{tel(g, "{{}}")}": {{"visits": {g.r.randint(1, 40)}}}, "{ssn(g, "{}")}": {{"merged": true}}, '
            f'"{card(g, "{}")}": {{"chargebacks": {g.r.randint(0, 3)}}}}}, "took_ms": {g.r.randint(3, 900)}}}')


def sticky_note(g):
    # the value opens the message and the address closes it
    return (f"{tel(g, '{{}}')} — ring back re {g.order()} before {g.person['time']}, asked for "
            f"{name(g)}. {card(g, 'Took card {} for the deposit')} ({g.amount()}). {ssn(g, 'SSN given: {}')}. "
            f"Confirmation to {mail(g, '{{}}')}")


def footer_markup(g):
    # rich-text paste where markup splits the value: <b> around the first group, <wbr> before the @
    phone = g.slot("us_phone", "{}", g.ref)
    head, _, rest = phone.partition(" ")
    email = g.slot("email", "{}", g.ref)
    local, at, domain = email.partition("@")
    shown = f"{local}<wbr>@{domain}" if at else email
    return (f"fix the HTML of our newsletter footer?\n<footer><p>{g.person['company']} · {g.person['street']}, "
            f"{g.person['city']}</p>\n<p><b>{head}</b> {rest}</p>\n<p>{shown}</p>\n"
            f"<p>{ssn(g, 'Tax contact SSN {}')} · {card(g, 'Donations card {}')} · v{g.version()}</p></footer>")


SHAPES = [(f.__name__, f) for f in [
    complaint_letter, tenancy_dispute, appointment_reminder, pharmacy_refill_chat, school_enrolment,
    visa_application, europass_cv, profile_about, cover_letter, seating_plan, team_roster, volunteer_rota,
    shift_schedule, payroll_csv, expense_report, purchase_order, quotation_email, bill_of_lading, pick_list,
    rma_label, warranty_claim, recall_notice, survey_freetext, callback_request, voicemail_transcript,
    vtt_transcript, podcast_notes, press_release, grant_application, consent_form, trial_screening_log,
    sample_manifest, hearing_notice, poa_letter, debt_collection, loan_application, mortgage_statement, kyc_chat,
    remittance_receipt, topup_receipt, sim_registration, roaming_sms, chatbot_log, translate_request, code_review,
    console_result, regex_fixture, seed_script, config_diff, redact_request, formula_cells, url_params,
    lookup_keys_json, sticky_note, footer_markup,
]]
