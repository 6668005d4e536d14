// Emits the seeded values for the heldout8 PII evaluation set as one JSON object on stdout.
// Sources: @ngneat/falso (seed('heldout8')) and casual (casual.seed(8)); both pinned in package.json.
// scripts/make_heldout8.py runs this and builds the texts; nothing here knows about labels.
'use strict';
const falso = require('@ngneat/falso');
const casual = require('casual');

falso.seed('heldout8');
casual.seed(8);

const times = (n, make) => Array.from({ length: n }, (_, i) => make(i));

const PHONE_COUNTRIES = ['US', 'US', 'US', 'CA', 'GB', 'DE', 'FR', 'IN', 'BR', 'MX', 'AU', 'IL', 'EG', 'SA', 'CN',
  'KR', 'RU', 'TR', 'NG', 'ZA', 'PH', 'ES', 'IT', 'PL', 'NL', 'SE', 'JP', 'AE', 'PK', 'VN', 'TH', 'ID', 'IR', 'UA'];
const CARD_BRANDS = ['Visa', 'Visa', 'Mastercard', 'Mastercard', 'American Express', 'UnionPay', 'Diners Club',
  'Discover Card', 'RuPay', 'JCB', 'Maestro', 'Dankort', 'Visa Electron', 'UATP'];
// casual locales with data of their own; Latin ones first: a locale read after another keeps the earlier one's
// names where it has none (the script filter in make_heldout8.py drops those).
const CASUAL_LOCALES = ['fr_FR', 'nb_NO', 'sv_SE', 'it_IT', 'nl_NL', 'ro_RO', 'pt_BR', 'da_DK', 'it_CH',
  'ar_SY', 'bg_BG', 'ja_JP', 'ru_RU', 'uk_UA'];

const out = {
  phones: PHONE_COUNTRIES.flatMap((country) =>
    times(14, () => ({ country, number: falso.randPhoneNumber({ countryCode: country }) }))),
  cards: CARD_BRANDS.flatMap((brand) => times(14, () => ({ brand, number: falso.randCreditCardNumber({ brand }) }))),
  emails: times(260, () => falso.randEmail()),
  casualEmails: times(60, () => casual.email),
  people: times(300, () => ({ name: falso.randFullName({ withAccents: true }), first: falso.randFirstName(),
    company: falso.randCompanyName(), job: falso.randJobTitle(), city: falso.randCity(),
    street: falso.randStreetAddress(), zip: falso.randZipCode(), user: falso.randUserName() })),
  locals: CASUAL_LOCALES.map((locale) => {
    const c = casual[locale];
    return { locale, rows: times(30, () => ({ name: c.full_name, phone: c.phone, city: c.city, street: c.street })) };
  }),
  lookalikes: times(320, () => ({
    iban: falso.randIban(), uuid: falso.randUuid(), ip: falso.randIp(), ipv6: falso.randIpv6(), mac: falso.randMac(),
    semver: falso.randSemver(), sha: falso.randGitCommitSha(), routing: String(falso.randRoutingNumber()),
    account: String(falso.randAccount()), bic: falso.randSwift(), awsRequestId: falso.randAwsRequestId(),
    arn: falso.randArn(), port: falso.randPort(), flight: falso.randFlightNumber(), zip: falso.randZipCode(),
    lat: falso.randLatitude(), lon: falso.randLongitude(), amount: falso.randAmount(), cvv: falso.randCreditCardCVV(),
    eth: falso.randEthereumAddress(), url: falso.randUrl(), userAgent: falso.randUserAgent(), tz: falso.randTimeZone(),
    awsRegion: falso.randAwsRegion(), filePath: falso.randFilePath(), branch: falso.randGitBranch(),
  })),
  words: times(400, () => ({ phrase: falso.randPhrase(), catch: falso.randCatchPhrase(), sentence: falso.randSentence(),
    product: falso.randProductName(), commit: falso.randGitCommitMessage(), casualSentence: casual.sentence,
    casualWords: casual.words(4), casualTitle: casual.title })),
};
process.stdout.write(JSON.stringify(out));
