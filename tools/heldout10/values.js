// Seeded fakerator values for scripts/make_heldout10.py: per locale, names, emails, phones, companies,
// streets, cities; printed as one JSON object. Deterministic: fixed seed per locale, no clock.
const Fakerator = require("fakerator");
const LOCALES = ["default", "cs-CZ", "de-DE", "en-AU", "en-CA", "es-ES", "fr-FR", "hu-HU", "it-IT", "nb-NO",
  "pl-PL", "pt-BR", "ru-RU", "sk-SK", "sv-SE"];
const PER_LOCALE = 120;
const out = {};
LOCALES.forEach((code, i) => {
  const f = Fakerator(code === "default" ? undefined : code);
  f.seed(91000 + i);
  const rows = [];
  for (let n = 0; n < PER_LOCALE; n++) {
    rows.push({
      first: f.names.firstName(), last: f.names.lastName(), email: f.internet.email(),
      user: f.internet.userName(), domain: f.internet.domain(), phone: f.phone.number(),
      company: f.company.name(), street: f.address.street(), city: f.address.city(),
      ip: f.internet.ip(), mac: f.internet.mac(), color: f.internet.color(),
    });
  }
  out[code] = rows;
});
process.stdout.write(JSON.stringify(out));
