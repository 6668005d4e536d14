// Seeded minifaker and ibantools values for scripts/make_heldout12.py, printed as one JSON object:
// people per minifaker locale (names, emails, phones, cities, streets, companies-as-job-areas), and IBANs that
// ibantools composes (own mod-97 check digits) for the clean half. Deterministic: fixed seeds, no clock.
const mf = require("minifaker");
require("minifaker/locales/en");
require("minifaker/locales/fr");
require("minifaker/locales/fr-CA");
require("minifaker/locales/es");
const ibantools = require("ibantools");

const LOCALES = ["en", "fr", "fr-CA", "es"];
const PER_LOCALE = 150;
const out = { people: {}, ibans: [], btc: [], semver: [], macs: [] };
LOCALES.forEach((code, i) => {
  mf.setSeed(`heldout12-${code}-${120 + i}`);
  const rows = [];
  for (let n = 0; n < PER_LOCALE; n++) {
    rows.push({
      first: mf.firstName({ locale: code }), last: mf.lastName({ locale: code }),
      email: mf.email({ locale: code }), user: mf.username({ locale: code }),
      phone: mf.phoneNumber({ locale: code }), city: mf.cityName({ locale: code }),
      street: mf.streetAddress({ locale: code }), zip: mf.zipCode({ locale: code }),
      job: mf.jobTitle({ locale: code }),
    });
  }
  out.people[code] = rows;
});

// BBAN lengths (digits only, bank code included) per country from the IBAN registry's structures
const BBAN = { DE: 18, AT: 16, FI: 14, CH: 17, DK: 14, SE: 20, LU: 16, LT: 16, SA: 20, TR: 22 };
mf.setSeed("heldout12-ibans");
Object.entries(BBAN).filter(([, n]) => n > 0).forEach(([country, len]) => {
  for (let n = 0; n < 30; n++) {
    let bban = "";
    while (bban.length < len) bban += String(mf.number({ min: 0, max: 9 }));
    const iban = ibantools.composeIBAN({ countryCode: country, bban });
    if (iban && ibantools.isValidIBAN(iban)) out.ibans.push(iban);
  }
});
mf.setSeed("heldout12-misc");
for (let n = 0; n < 200; n++) {
  out.btc.push(mf.bitcoinAddress());
  out.semver.push(mf.semver());
  out.macs.push(mf.macAddress());
}
process.stdout.write(JSON.stringify(out));
