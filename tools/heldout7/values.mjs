// Emits, as one JSON document on stdout, the seeded value pools scripts/make_heldout7.py builds the heldout7
// evaluation set from: per-locale people/places/phones/emails (@faker-js/faker), card numbers per issuer,
// SSNs (chance), look-alike identifiers that are not PII, and faker's own filler sentences.
// Deterministic: fixed seeds and a fixed reference date, nothing depends on today.
import { Faker, allLocales, en, base } from '@faker-js/faker';
import Chance from 'chance';

const SEED = 7007;
const REF_DATE = '2025-03-14T09:26:53.000Z';
const PER_LOCALE = 160;
export const LOCALES = ['en_US', 'en_GB', 'en_IN', 'de', 'fr', 'es_MX', 'pt_BR', 'it', 'pl', 'tr', 'nl',
  'ru', 'uk', 'el', 'ar', 'he', 'fa', 'ja', 'ko', 'zh_CN', 'th', 'vi'];

function makeFaker(code, seed) {
  const f = new Faker({ locale: [allLocales[code], en, base] });
  f.seed(seed);
  f.setDefaultRefDate(REF_DATE);
  return f;
}

function safe(fn, fallback) {
  try { return fn(); } catch { return fallback; }
}

function person(f) {
  const first = f.person.firstName();
  const last = f.person.lastName();
  return {
    first, last,
    full: `${first} ${last}`,
    job: f.person.jobTitle(),
    email: f.internet.email({ firstName: first, lastName: last }),
    email2: f.internet.email(),
    phone: f.phone.number(),
    phone_national: f.phone.number({ style: 'national' }),
    phone_intl: f.phone.number({ style: 'international' }),
    street: safe(() => f.location.streetAddress(), ''),
    city: safe(() => f.location.city(), ''),
    zip: safe(() => f.location.zipCode(), ''),
    state: safe(() => f.location.state(), ''),
    country: f.location.country(),
    company: f.company.name(),
    birth: f.date.birthdate({ mode: 'age', min: 18, max: 80 }).toISOString().slice(0, 10),
    username: f.internet.username({ firstName: first, lastName: last }),
    word: f.word.noun(),
    // look-alikes and surroundings, per locale so formats differ
    iban: safe(() => f.finance.iban(), f.finance.iban({ countryCode: 'DE' })),
    amount: f.finance.amount({ min: 1, max: 9000, dec: 2 }),
    currency: f.finance.currencyCode(),
    date: f.date.recent({ days: 60 }).toISOString(),
    future: f.date.soon({ days: 40 }).toISOString(),
    product: f.commerce.productName(),
    price: f.commerce.price({ min: 3, max: 900 }),
    building: f.location.buildingNumber(),
    lat: f.location.latitude({ precision: 5 }),
    lon: f.location.longitude({ precision: 5 }),
  };
}

const ISSUERS = ['visa', 'mastercard', 'american_express', 'discover', 'jcb', 'diners_club', 'maestro',
  'unionpay', 'instapayment', 'laser', 'switch', 'solo'];

// Lengths and ranges faker's issuer table does not cover, as faker's own card patterns (L = Luhn check digit)
const PATTERNS = { maestro_12: '5018#######L', maestro_17: '6762############L', maestro_18: '6761#############L',
  maestro_19: '6759##############L', visa_19: '4#################L', unionpay_19: '62################L',
  mir: '220############L', troy: '9792###########L', rupay: '6521###########L', jcb_15: '2131##########L' };

function main() {
  const out = { seed: SEED, ref_date: REF_DATE, locales: {}, cards: [], ssns: [], lookalikes: [], filler: [] };
  LOCALES.forEach((code, i) => {
    const f = makeFaker(code, SEED + i);
    const people = [];
    for (let n = 0; n < PER_LOCALE; n++) people.push(person(f));
    const sentences = [];
    for (let n = 0; n < 20; n++) sentences.push(safe(() => f.lorem.sentence({ min: 5, max: 12 }), ''));
    out.locales[code] = { people, sentences };
  });
  const g = makeFaker('en_US', SEED * 3);
  for (let n = 0; n < 2400; n++) {
    const issuer = ISSUERS[n % ISSUERS.length];
    const num = safe(() => g.finance.creditCardNumber(issuer), null);
    if (num) out.cards.push({ issuer, number: num });
  }
  Object.entries(PATTERNS).forEach(([issuer, pattern]) => {
    for (let n = 0; n < 40; n++) out.cards.push({ issuer, number: g.finance.creditCardNumber(pattern) });
  });
  const chance = new Chance(SEED);
  for (let n = 0; n < 700; n++) {
    out.ssns.push(chance.ssn({ dashes: false }));
  }
  out.chance_phones = [];
  for (let n = 0; n < 200; n++) {
    out.chance_phones.push(chance.phone({ country: n % 3 === 0 ? 'uk' : (n % 3 === 1 ? 'fr' : 'us'), formatted: n % 4 !== 0 }));
  }
  for (let n = 0; n < 900; n++) {
    out.lookalikes.push({
      iban: g.finance.iban({ formatted: n % 2 === 0 }),
      bic: g.finance.bic(),
      account: g.finance.accountNumber(n % 2 ? 8 : 10),
      routing: g.finance.routingNumber(),
      isbn: g.commerce.isbn(n % 3 === 0 ? 10 : 13),
      imei: g.phone.imei(),
      uuid: g.string.uuid(),
      sha: g.git.commitSha(),
      short_sha: g.git.commitSha({ length: 7 }),
      ipv4: g.internet.ipv4(),
      ipv6: g.internet.ipv6(),
      port: g.internet.port(),
      mac: g.internet.mac(),
      vin: g.vehicle.vin(),
      vrm: g.vehicle.vrm(),
      semver: g.system.semver(),
      ean13: g.commerce.isbn({ variant: 13, separator: '' }),
      hex: g.string.hexadecimal({ length: 12, casing: 'lower', prefix: '' }),
      alnum: g.string.alphanumeric({ length: 10, casing: 'upper' }),
      epoch_ms: g.date.recent({ days: 300 }).getTime(),
      iso: g.date.past({ years: 2 }).toISOString(),
      mime: g.system.mimeType(),
      file: g.system.fileName(),
      path: g.system.filePath(),
      cron: g.system.cron(),
      url: g.internet.url(),
      domain: g.internet.domainName(),
      http_method: g.internet.httpMethod(),
      status: g.internet.httpStatusCode(),
      ua: g.internet.userAgent(),
      pin: g.finance.pin(4),
      bitcoin: g.finance.bitcoinAddress(),
      litecoin: g.finance.litecoinAddress(),
      txn: g.finance.transactionDescription(),
      zip: g.location.zipCode(),
      num8: g.string.numeric(8),
      num10: g.string.numeric({ length: 10, allowLeadingZeros: false }),
      num12: g.string.numeric({ length: 12, allowLeadingZeros: false }),
      num16: g.string.numeric({ length: 16, allowLeadingZeros: false }),
      airline: g.airline.flightNumber({ addLeadingZeros: true }),
      seat: g.airline.seat(),
      sku: g.commerce.isbn({ variant: 10, separator: '' }),
    });
  }
  for (let n = 0; n < 300; n++) {
    out.filler.push({
      hacker: g.hacker.phrase(),
      catch: g.company.catchPhrase(),
      buzz: g.company.buzzPhrase(),
      lorem: g.lorem.sentence(),
      desc: g.commerce.productDescription(),
      commit_msg: g.git.commitMessage(),
      word: g.word.words(3),
      adj: g.word.adjective(),
      food: g.food.dish(),
      book: g.book.title(),
      song: g.music.songName(),
      animal: g.animal.type(),
      color: g.color.human(),
      dept: g.commerce.department(),
      verb: g.hacker.verb(),
      noun: g.hacker.noun(),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

main();
