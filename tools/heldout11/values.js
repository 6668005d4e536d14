// Seeded value pools for scripts/make_heldout11.py: people, companies, e-mail addresses, cities, streets and
// dates from dummy-json's handlebars helpers (its own English mock data plus per-locale name lists below),
// and code-like names (hosts, products, team handles) from unique-names-generator. Prints one JSON object.
'use strict';
const dummyjson = require('dummy-json');
const { uniqueNamesGenerator, adjectives, colors, animals, countries, names } = require('unique-names-generator');

// Per-locale mock data handed to dummy-json instead of its English defaults (names and cities only; the
// helpers still build usernames, e-mail local parts and company domains from them).
const LOCALES = {
  en: {},
  de: { firstNames: ['Jürgen', 'Anneliese', 'Lukas', 'Henrike', 'Matthias', 'Sönke', 'Gudrun'], lastNames: ['Müller', 'Schäfer', 'Brandt', 'Weiß', 'Hoffmann', 'Köhler'], cities: ['Bremen', 'Kassel', 'Würzburg', 'Rostock'], companies: ['Hansewerk', 'Nordlicht', 'Bergmann'] },
  fr: { firstNames: ['Amélie', 'Gaëtan', 'Océane', 'Rémi', 'Hélène', 'Loïc'], lastNames: ['Lefèvre', 'Moreau', 'Girard', 'Fontaine', 'Chevalier'], cities: ['Nantes', 'Rennes', 'Dijon', 'Brest'], companies: ['Lumiere', 'Boulangerie', 'Atelier'] },
  es: { firstNames: ['Íñigo', 'Lucía', 'Begoña', 'Álvaro', 'Nuria', 'Joaquín'], lastNames: ['Martínez', 'Ibáñez', 'Echeverría', 'Navarro', 'Ruiz'], cities: ['Zaragoza', 'Bilbao', 'Málaga', 'Vigo'], companies: ['Soluciones', 'Ferreteria', 'Aceitunas'] },
  it: { firstNames: ['Niccolò', 'Chiara', 'Gianluca', 'Ilaria', 'Salvatore'], lastNames: ['Esposito', 'Bianchi', 'Colombo', 'Ricci', 'Marino'], cities: ['Bologna', 'Bari', 'Trento', 'Parma'], companies: ['Ferramenta', 'Tessuti', 'Vinicola'] },
  pt: { firstNames: ['João', 'Conceição', 'Gonçalo', 'Inês', 'Thiago', 'Luana'], lastNames: ['Gonçalves', 'Araújo', 'Ferreira', 'Magalhães', 'Souza'], cities: ['Porto', 'Coimbra', 'Recife', 'Curitiba'], companies: ['Padaria', 'Construtora', 'Mercearia'] },
  nl: { firstNames: ['Joost', 'Femke', 'Sjoerd', 'Anouk', 'Maarten'], lastNames: ['de Vries', 'Jansen', 'van Dijk', 'Bakker', 'Visser'], cities: ['Utrecht', 'Zwolle', 'Leiden', 'Delft'], companies: ['Fietsen', 'Bloemen', 'Haven'] },
  pl: { firstNames: ['Małgorzata', 'Grzegorz', 'Agnieszka', 'Wojciech', 'Żaneta'], lastNames: ['Wiśniewski', 'Kowalczyk', 'Dąbrowska', 'Zieliński'], cities: ['Łódź', 'Gdańsk', 'Poznań', 'Kraków'], companies: ['Budimex', 'Piekarnia', 'Transbud'] },
  sv: { firstNames: ['Åsa', 'Björn', 'Linnéa', 'Göran', 'Ingrid'], lastNames: ['Lindqvist', 'Åberg', 'Sjöberg', 'Nyström'], cities: ['Uppsala', 'Umeå', 'Malmö', 'Örebro'], companies: ['Snickeri', 'Fjallbo', 'Norrsken'] },
  tr: { firstNames: ['Çağla', 'Oğuz', 'Şükrü', 'Gülşen', 'İlker'], lastNames: ['Yılmaz', 'Öztürk', 'Çelik', 'Şahin', 'Aydın'], cities: ['İzmir', 'Bursa', 'Eskişehir', 'Trabzon'], companies: ['Tekstil', 'Insaat', 'Gida'] },
  ru: { firstNames: ['Наталья', 'Дмитрий', 'Ксения', 'Григорий', 'Светлана'], lastNames: ['Кузнецов', 'Соколова', 'Лебедев', 'Морозова'], cities: ['Казань', 'Самара', 'Томск', 'Пермь'], companies: ['stroymontazh', 'volgatrans', 'sibles'] },
  uk: { firstNames: ['Оксана', 'Тарас', 'Богдана', 'Ярослав'], lastNames: ['Шевченко', 'Коваленко', 'Бондаренко', 'Ткачук'], cities: ['Львів', 'Харків', 'Одеса', 'Полтава'], companies: ['agroservis', 'dniprobud', 'lvivtex'] },
  el: { firstNames: ['Ελένη', 'Γιώργος', 'Δήμητρα', 'Νίκος'], lastNames: ['Παπαδόπουλος', 'Νικολάου', 'Γεωργίου'], cities: ['Θεσσαλονίκη', 'Πάτρα', 'Ηράκλειο'], companies: ['aigaion', 'olympos', 'kritiki'] },
  ar: { firstNames: ['فاطمة', 'يوسف', 'مريم', 'خالد', 'ليلى'], lastNames: ['الحسيني', 'المنصوري', 'العتيبي', 'حداد'], cities: ['الرياض', 'عمّان', 'الدار البيضاء', 'دبي'], companies: ['alnoor', 'gulfstar', 'sahara'] },
  he: { firstNames: ['נועה', 'איתי', 'מיכל', 'יונתן'], lastNames: ['כהן', 'לוי', 'מזרחי', 'פרץ'], cities: ['חיפה', 'באר שבע', 'ירושלים'], companies: ['galil', 'negevtech', 'karmel'] },
  hi: { firstNames: ['अनन्या', 'राहुल', 'प्रिया', 'विक्रम', 'सुनीता'], lastNames: ['शर्मा', 'वर्मा', 'गुप्ता', 'अय्यर'], cities: ['पुणे', 'जयपुर', 'लखनऊ', 'इंदौर'], companies: ['sharmatraders', 'indusinfra', 'gangaexports'] },
  zh: { firstNames: ['伟', '芳', '静怡', '志强', '丽娟'], lastNames: ['王', '李', '张', '陈', '刘'], cities: ['成都', '杭州', '武汉', '深圳'], companies: ['huaxin', 'changjiang', 'jinlong'] },
  ja: { firstNames: ['陽菜', '蓮', '美咲', '健太', '結衣'], lastNames: ['佐藤', '鈴木', '高橋', '田中', '渡辺'], cities: ['札幌', '福岡', '仙台', '神戸'], companies: ['sakura-shoji', 'yamato-denki', 'fujiseiki'] },
  ko: { firstNames: ['지훈', '서연', '민준', '하은'], lastNames: ['김', '이', '박', '최'], cities: ['부산', '대구', '인천', '광주'], companies: ['hanbit', 'daesung', 'mirae'] },
  th: { firstNames: ['สมชาย', 'มาลี', 'ธนพล', 'กัลยา'], lastNames: ['ศรีสุข', 'วงศ์ใหญ่', 'แก้วมณี'], cities: ['เชียงใหม่', 'ขอนแก่น', 'ภูเก็ต'], companies: ['siamtrade', 'chaophraya', 'lannaworks'] },
  vi: { firstNames: ['Nguyễn Thị', 'Trần Văn', 'Lê Minh', 'Phạm Thu'], lastNames: ['Hương', 'Hùng', 'Khoa', 'Trang'], cities: ['Hà Nội', 'Đà Nẵng', 'Huế', 'Cần Thơ'], companies: ['sai-gon-tech', 'hanoimart', 'mekongfood'] },
  sw: { firstNames: ['Wanjiku', 'Baraka', 'Amani', 'Zawadi'], lastNames: ['Mwangi', 'Otieno', 'Njoroge', 'Kamau'], cities: ['Nairobi', 'Mombasa', 'Arusha', 'Kisumu'], companies: ['safaritel', 'jambo', 'kilimo'] },
};

// One record per line; email/username/domain are dummy-json's own helpers (first.last@company.tld).
const RECORD = '{{#repeat N}}{"first":"{{firstName}}","last":"{{lastName}}","email":"{{email}}",' +
  '"username":"{{username}}","company":"{{company}}","domain":"{{domain}}","city":"{{city}}",' +
  '"street":"{{street}}","date":"{{date \'2019\' \'2026\' \'YYYY-MM-DD\'}}","time":"{{time \'00:00\' \'23:59\' \'HH:mm\'}}",' +
  '"guid":"{{guid}}","color":"{{hexColor}}","words":"{{lorem 6}}","amount":"{{float 3 4999 \'0.00\'}}",' +
  '"country":"{{country}}","cc":"{{countryCode}}","lat":"{{lat}}","long":"{{long}}"}{{/repeat}}';

const people = {};
Object.keys(LOCALES).forEach((locale) => {
  const out = dummyjson.parse('[' + RECORD.replace('N', '120') + ']', { seed: 'heldout11-' + locale, mockdata: LOCALES[locale] });
  people[locale] = JSON.parse(out);
});

function handles(seed, dictionaries, separator, count) {
  const list = [];
  for (let i = 0; i < count; i++) {
    list.push(uniqueNamesGenerator({ dictionaries, separator, seed: seed * 100000 + i, length: dictionaries.length }));
  }
  return list;
}

console.log(JSON.stringify({
  people,
  hosts: handles(11, [adjectives, animals], '-', 400),
  products: handles(12, [colors, animals], ' ', 400),
  teams: handles(13, [adjectives, colors, animals], '_', 400),
  given: handles(14, [names], '', 400),
  places: handles(15, [countries], '', 200),
}));
