// Seeded value source for scripts/make_heldout9.py: mockjs (names, Chinese names and places, emails, words,
// sentences, IPs, GUIDs, domains, dates) and randexp (phone numbers from per-country numbering-plan patterns,
// card-number bodies from public IIN ranges). Both draw on Math.random, replaced here by a seeded PRNG, so the
// output depends only on the seed. Prints one JSON object on stdout.
"use strict";
function mulberry32(seed) {
  return function () {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
Math.random = mulberry32(Number(process.argv[2] || 9));
const Random = require("mockjs").Random;
const RandExp = require("randexp");

const N = 1200;
const many = (n, f) => Array.from({ length: n }, f);
const rx = (pattern) => new RandExp(pattern).gen();

// Written forms per country, from the public national numbering plans.
const PHONES = {
  US: [/\([2-9]\d\d\) [2-9]\d\d-\d{4}/, /[2-9]\d\d\.[2-9]\d\d\.\d{4}/, /\+1 [2-9]\d\d [2-9]\d\d \d{4}/, /1-[2-9]\d\d-[2-9]\d\d-\d{4}/, /[2-9]\d\d-[2-9]\d\d-\d{4} ext\. \d{2,4}/],
  CA: [/\+1 \((416|604|514|403)\) [2-9]\d\d-\d{4}/],
  GB: [/\+44 7[1-9]\d\d \d{6}/, /07[1-9]\d\d \d{3} \d{3}/, /\+44 \(0\)20 [378]\d{3} \d{4}/, /0161 \d{3} \d{4}/],
  DE: [/\+49 1(5[12]|6[023]|7[0-9]) \d{7,8}/, /0(30|40|89|221)\/\d{6,8}/, /\+49 \(0\)69 \d{6,8}/],
  FR: [/\+33 [67]( \d\d){4}/, /0[1-5](\.\d\d){4}/, /0033 [1-9]( \d\d){4}/],
  ES: [/\+34 [67]\d\d \d\d\d \d\d\d/, /9[1-8]\d \d\d \d\d \d\d/],
  IT: [/\+39 3\d\d \d{3} \d{4}/, /06 \d{4} \d{4}/],
  NL: [/\+31 6 \d{8}/, /06-\d{8}/, /020-\d{3} \d{4}/],
  JP: [/\+81 90-\d{4}-\d{4}/, /0[789]0-\d{4}-\d{4}/, /03-\d{4}-\d{4}/],
  CN: [/1[3-9]\d{9}/, /\+86 1[3-9]\d \d{4} \d{4}/, /010-\d{8}/, /\+86-21-\d{8}/],
  IN: [/\+91 [6-9]\d{4} \d{5}/, /\+91-[6-9]\d{9}/, /0(11|22|80)-\d{8}/],
  BR: [/\+55 \(11\) 9\d{4}-\d{4}/, /\(21\) 9\d{4}-\d{4}/],
  MX: [/\+52 (55|33|81) \d{4} \d{4}/],
  RU: [/\+7 \(9\d\d\) \d{3}-\d\d-\d\d/, /8 \(9\d\d\) \d{3}-\d\d-\d\d/, /\+7 495 \d{3}-\d\d-\d\d/],
  KR: [/010-\d{4}-\d{4}/, /\+82 10-\d{4}-\d{4}/, /02-\d{3,4}-\d{4}/],
  AU: [/\+61 4\d\d \d{3} \d{3}/, /04\d\d \d{3} \d{3}/, /\(02\) \d{4} \d{4}/],
  AE: [/\+971 5[024568] \d{3} \d{4}/, /\+971 4 \d{3} \d{4}/],
  SA: [/\+966 5\d \d{3} \d{4}/, /05\d \d{3} \d{4}/],
  EG: [/\+20 1[0125] \d{4} \d{4}/],
  NG: [/\+234 [789]0\d \d{3} \d{4}/, /0[789]0\d \d{3} \d{4}/],
  ZA: [/\+27 [678]\d \d{3} \d{4}/, /0[678]\d \d{3} \d{4}/],
  IL: [/\+972-5\d-\d{3}-\d{4}/, /05\d-\d{3}-\d{4}/],
  TR: [/\+90 5\d\d \d{3} \d\d \d\d/, /0 \(5\d\d\) \d{3} \d\d \d\d/],
  PL: [/\+48 [5-8]\d\d \d{3} \d{3}/],
  SE: [/\+46 7[02369]-\d{3} \d\d \d\d/, /08-\d{3} \d\d \d\d/],
  TH: [/\+66 [689]\d \d{3} \d{4}/, /0[689]\d-\d{3}-\d{4}/],
  VN: [/\+84 9\d \d{3} \d\d \d\d/, /09\d\d \d{3} \d{3}/],
  ID: [/\+62 8\d\d-\d{4}-\d{3,4}/, /08\d\d-\d{4}-\d{4}/],
  GR: [/\+30 69\d \d{3} \d{4}/, /21\d \d{3} \d{4}/],
  UA: [/\+380 (50|67|93) \d{3} \d\d \d\d/],
  AR: [/\+54 9 11 \d{4}-\d{4}/],
  PH: [/\+63 9\d\d \d{3} \d{4}/],
};
// Card bodies without the check digit (the generator appends the Luhn digit), from public IIN ranges.
const CARDS = {
  Visa: [/4\d{14}/, /4\d{11}/, /4\d{17}/], Mastercard: [/5[1-5]\d{14}/, /2(2[2-9]|[3-6]\d|7[01])\d{12}/],
  Amex: [/3[47]\d{12}/], Discover: [/6011\d{11}/, /65\d{13}/], JCB: [/35(2[89]|[3-8]\d)\d{11}/],
  UnionPay: [/62\d{14}/, /62\d{16}/], Maestro: [/(5018|5020|5038|6304)\d{7,14}/], Diners: [/36\d{11}/],
  Mir: [/220[0-4]\d{11}/], RuPay: [/60\d{14}/],
};
const out = {
  names: many(N, () => Random.name()), cnames: many(N, () => Random.cname()),
  firsts: many(N, () => Random.first()), lasts: many(N, () => Random.last()),
  emails: many(N, () => Random.email()), domains: many(N, () => Random.domain()),
  words: many(N, () => Random.word(3, 9)), sentences: many(N, () => Random.sentence(4, 12)),
  csentences: many(N, () => Random.csentence(6, 20)), cities: many(N, () => Random.city(true)),
  ips: many(N, () => Random.ip()), guids: many(N, () => Random.guid()),
  phones: Object.fromEntries(Object.entries(PHONES).map(([cc, ps]) => [cc, many(60, (_, i) => rx(ps[i % ps.length]))])),
  cards: Object.fromEntries(Object.entries(CARDS).map(([b, ps]) => [b, many(80, (_, i) => rx(ps[i % ps.length]))])),
};
process.stdout.write(JSON.stringify(out));
