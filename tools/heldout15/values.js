// Seeded charlatan and phone-number-generator-js values for scripts/make_heldout15.py, printed as one JSON object.
// charlatan (a port of Ruby's Faker data) gives people per locale: names in their own script, cities, streets,
// postcodes, companies, mailbox names and mail domains, and product names for filler. phone-number-generator-js
// draws valid mobile numbers of each locale's country (libphonenumber-js checks them); libphonenumber-js writes
// each one in its national, international and tel: URI forms. Both libraries draw from Math.random, which is
// replaced here, before they load, by a seeded generator: the output is the same on every run, with no clock.
let state = 0;
function reseed(text) {  // FNV-1a of a label: a fixed 32-bit seed for each block of draws
  state = 2166136261;
  for (const ch of text) state = Math.imul(state ^ ch.codePointAt(0), 16777619) >>> 0;
}
Math.random = function mulberry32() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
reseed("heldout15-load");

const Charlatan = require("charlatan");
const { generatePhoneNumber, CountryNames } = require("phone-number-generator-js");
const { parsePhoneNumber } = require("libphonenumber-js");

// charlatan locale -> phone-number-generator-js country; LATIN: charlatan writes usable mailbox names there
const LOCALES = {
  "de-AT": "Austria", "de-CH": "Switzerland", de: "Germany", "en-AU": "Australia", "en-CA": "Canada",
  "en-GB": "United_Kingdom", "en-IND": "India", "en-US": "United_States", es: "Spain", fr: "France", it: "Italy",
  ja: "Japan", ko: "Republic_of_Korea", "nb-NO": "Norway", nl: "Netherlands", pl: "Poland", "pt-BR": "Brazil",
  ru: "Russian_Federation", sk: "Slovakia", sv: "Sweden", vi: "Viet_Nam", "zh-CN": "China", "zh-TW": "Taiwan", fa: "Iran",
};
const NON_LATIN_MAILBOX = new Set(["ja", "ko", "zh-CN", "zh-TW", "fa", "ru", "vi"]);
const PER_LOCALE = 40;

function phoneForms(e164) {
  const p = parsePhoneNumber(e164);
  return { e164: p.number, national: p.formatNational(), international: p.formatInternational(), uri: p.getURI(), country: p.country };
}

const out = { people: {}, phones: {}, products: [], catch_phrases: [] };
for (const [code, country] of Object.entries(LOCALES)) {
  reseed(`heldout15-people-${code}`);
  Charlatan.setLocale(code);
  const rows = [];
  for (let n = 0; n < PER_LOCALE; n++) {
    const first = Charlatan.Name.firstName(), last = Charlatan.Name.lastName();
    const row = { name: Charlatan.Name.name(), first, last, city: Charlatan.Address.city(),
                  street: Charlatan.Address.streetAddress(), zip: Charlatan.Address.zipCode(), company: Charlatan.Company.name(),
                  free_domain: Charlatan.fetch("internet.free_email") };
    if (NON_LATIN_MAILBOX.has(code)) {
      Charlatan.setLocale("en");
      row.user = Charlatan.Internet.userName();
      row.domain = Charlatan.Internet.domainName();
      Charlatan.setLocale(code);
    } else {
      row.user = Charlatan.Internet.userName();
      row.domain = Charlatan.Internet.domainName();
    }
    rows.push(row);
  }
  out.people[code] = rows;
  reseed(`heldout15-phones-${code}`);
  const phones = [];
  for (let n = 0; n < PER_LOCALE; n++) phones.push(phoneForms(generatePhoneNumber({ countryName: CountryNames[country] })));
  out.phones[code] = phones;
}
reseed("heldout15-us-phones");
out.phones.US = [];
for (let n = 0; n < 120; n++) out.phones.US.push(phoneForms(generatePhoneNumber({ countryName: CountryNames.United_States })));
reseed("heldout15-filler");
Charlatan.setLocale("en");
for (let n = 0; n < 80; n++) {
  out.products.push(Charlatan.Commerce.productName());
  out.catch_phrases.push(Charlatan.Company.catchPhrase());
}
process.stdout.write(JSON.stringify(out));
