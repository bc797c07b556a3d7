/**
 * Generates the bundled sample region in data/sample/ (nodes.csv, edges.csv, meta.json).
 * SYNTHETIC: every organisation, person, tie and score here is invented. The shape follows the
 * Regional Innovation Hub pilots — five hubs in Estonia, Finland, Georgia (two) and Lithuania —
 * but no record describes a real school, company or person.
 *
 * Rerun with `node --import tsx data/generate.ts [seed] [outDir]` (default seed 2024, outDir
 * data/sample); same seed, same files.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRng, shuffle } from '../src/util/random.ts';
import { DatasetSchema, type Dataset, type EdgeType, type HubEdgeInput, type HubNodeInput } from '../src/model/index.ts';
import { writeDataset } from '../src/io/export.ts';

const seed = Number(process.argv[2] ?? 2024);
const rng = createRng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const between = (lo: number, hi: number) => lo + rng() * (hi - lo);
const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
const sample = <T>(xs: readonly T[], k: number): T[] => shuffle([...xs], rng).slice(0, Math.max(0, Math.min(k, xs.length)));
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

interface HubSpec {
  id: string;
  label: string;
  country: string;
  region: string;
  lat: number;
  lon: number;
  languages: string[];
  places: string[];
  schoolName: (place: string, i: number) => string;
  first: string[];
  last: string[];
  companies: string[];
  schools: number;
}

const HUBS: HubSpec[] = [
  {
    id: 'hub-ee-tartu',
    label: 'Tartu Regional Innovation Hub',
    country: 'EE',
    region: 'Tartu County',
    lat: 58.378,
    lon: 26.729,
    languages: ['et', 'en'],
    schools: 15,
    places: [
      'Tartu Kesklinna',
      'Annelinna',
      'Elva',
      'Nõo',
      'Kambja',
      'Rõngu',
      'Luunja',
      'Võnnu',
      'Ülenurme',
      'Kallaste',
      'Alatskivi',
      'Puhja',
      'Haaslava',
      'Tähtvere',
      'Ropka',
    ],
    schoolName: (p, i) => `${p} ${['Põhikool', 'Gümnaasium', 'Kool'][i % 3]}`,
    first: ['Mari', 'Kadri', 'Liis', 'Tiina', 'Kristi', 'Piret', 'Anu', 'Jaan', 'Andres', 'Toomas', 'Margus', 'Rein', 'Kaia', 'Triin', 'Madis'],
    last: ['Tamm', 'Saar', 'Sepp', 'Mägi', 'Kask', 'Kukk', 'Rebane', 'Ilves', 'Pärn', 'Koppel', 'Lepik', 'Kuusk', 'Vaher', 'Oja', 'Lill'],
    companies: ['Emajõe Robotics OÜ', 'Toomemäe Code Lab OÜ', 'Raadi Green Energy OÜ'],
  },
  {
    id: 'hub-fi-oulu',
    label: 'Oulu Region Learning Hub',
    country: 'FI',
    region: 'North Ostrobothnia',
    lat: 65.012,
    lon: 25.465,
    languages: ['fi', 'sv', 'en'],
    schools: 15,
    places: [
      'Kempele',
      'Liminka',
      'Haukipudas',
      'Kiiminki',
      'Oulunsalo',
      'Muhos',
      'Tyrnävä',
      'Ii',
      'Kaakkuri',
      'Pateniemi',
      'Toppila',
      'Kastelli',
      'Ritaharju',
      'Hiukkavaara',
      'Myllytulli',
    ],
    schoolName: (p, i) => `${p}n ${['koulu', 'yhtenäiskoulu', 'lukio'][i % 3]}`,
    first: ['Aino', 'Laura', 'Sanna', 'Heidi', 'Johanna', 'Elina', 'Mikko', 'Juha', 'Timo', 'Jari', 'Antti', 'Pekka', 'Riikka', 'Minna', 'Ville'],
    last: [
      'Korhonen',
      'Virtanen',
      'Mäkinen',
      'Nieminen',
      'Hämäläinen',
      'Laine',
      'Heikkinen',
      'Koskinen',
      'Järvinen',
      'Lehtonen',
      'Saarinen',
      'Niskanen',
      'Pesonen',
      'Kemppainen',
      'Tuomi',
    ],
    companies: ['Pohjola Code Oy', 'Kallio Robotics Oy', 'Oulujoki Cleantech Oy', 'Revontuli Media Oy'],
  },
  {
    id: 'hub-ge-tbilisi',
    label: 'Tbilisi Education Innovation Hub',
    country: 'GE',
    region: 'Tbilisi',
    lat: 41.716,
    lon: 44.783,
    languages: ['ka', 'en'],
    schools: 16,
    places: [
      'Tbilisi',
      'Tbilisi',
      'Tbilisi',
      'Tbilisi',
      'Tbilisi',
      'Tbilisi',
      'Rustavi',
      'Rustavi',
      'Mtskheta',
      'Gardabani',
      'Marneuli',
      'Tetritskaro',
      'Saguramo',
      'Natakhtari',
      'Tsavkisi',
      'Kojori',
    ],
    schoolName: (p, i) => `${p} Public School No. ${[12, 51, 98, 161, 199, 7, 3, 22, 1, 2, 4, 1, 1, 1, 1, 1][i] ?? i + 1}`,
    first: ['Nino', 'Tamar', 'Ana', 'Mariam', 'Eka', 'Salome', 'Giorgi', 'Davit', 'Levan', 'Irakli', 'Lasha', 'Nika', 'Maia', 'Ketevan', 'Zurab'],
    last: [
      'Beridze',
      'Kapanadze',
      'Gelashvili',
      'Maisuradze',
      'Lomidze',
      'Tsiklauri',
      'Bolkvadze',
      'Kvaratskhelia',
      'Nozadze',
      'Abashidze',
      'Chkheidze',
      'Japaridze',
      'Mchedlishvili',
      'Gogua',
      'Dolidze',
    ],
    companies: ['Mtkvari Digital LLC', 'Caucasus STEAM Studio LLC', 'Narikala AI Lab LLC'],
  },
  {
    id: 'hub-ge-kutaisi',
    label: 'Imereti Regional Innovation Hub',
    country: 'GE',
    region: 'Imereti',
    lat: 42.268,
    lon: 42.718,
    languages: ['ka', 'en'],
    schools: 14,
    places: [
      'Kutaisi',
      'Kutaisi',
      'Kutaisi',
      'Kutaisi',
      'Zestaponi',
      'Tskaltubo',
      'Samtredia',
      'Chiatura',
      'Terjola',
      'Vani',
      'Baghdati',
      'Khoni',
      'Sachkhere',
      'Tkibuli',
    ],
    schoolName: (p, i) => `${p} Public School No. ${[3, 14, 27, 41, 2, 1, 5, 3, 1, 2, 1, 1, 2, 4][i] ?? i + 1}`,
    first: ['Nino', 'Tamar', 'Natia', 'Lela', 'Manana', 'Sopho', 'Giorgi', 'Vakhtang', 'Lasha', 'Tornike', 'Beka', 'Rusudan', 'Marina', 'Teona', 'Gia'],
    last: [
      'Jorbenadze',
      'Kiknadze',
      'Kobakhidze',
      'Sharashidze',
      'Tsereteli',
      'Gabunia',
      'Kutateladze',
      'Chikovani',
      'Meladze',
      'Gvaladze',
      'Managadze',
      'Nikoladze',
      'Shengelia',
      'Bakradze',
      'Kharaishvili',
    ],
    companies: ['Rioni Robotics LLC', 'Gelati Green Tech LLC', 'Imereti Code Factory LLC'],
  },
  {
    id: 'hub-lt-kaunas',
    label: 'Kaunas STEAM Innovation Hub',
    country: 'LT',
    region: 'Kaunas County',
    lat: 54.898,
    lon: 23.904,
    languages: ['lt', 'en'],
    schools: 15,
    places: [
      'Kauno Šilainių',
      'Kauno Dainavos',
      'Kauno Žaliakalnio',
      'Kauno Aleksoto',
      'Kauno Vilijampolės',
      'Jonavos',
      'Kėdainių',
      'Garliavos',
      'Kaišiadorių',
      'Prienų',
      'Birštono',
      'Raseinių',
      'Ukmergės',
      'Akademijos',
      'Vilkijos',
    ],
    schoolName: (p, i) => `${p} ${['progimnazija', 'gimnazija', 'pagrindinė mokykla'][i % 3]}`,
    first: ['Rūta', 'Jurgita', 'Asta', 'Laima', 'Ieva', 'Daiva', 'Tomas', 'Mindaugas', 'Darius', 'Vytautas', 'Paulius', 'Aušra', 'Eglė', 'Greta', 'Lukas'],
    last: [
      'Kazlauskas',
      'Jankauskienė',
      'Petrauskas',
      'Stankevičienė',
      'Vasiliauskas',
      'Žukauskaitė',
      'Butkus',
      'Paulauskienė',
      'Urbonas',
      'Kavaliauskas',
      'Navickienė',
      'Ramanauskas',
      'Savickas',
      'Žilinskienė',
      'Baranauskas',
    ],
    companies: ['Nemunas Green Tech UAB', 'Baltic AI Studio UAB', 'Santaka Robotics UAB'],
  },
];

const THEMES = ['AI', 'robotics', 'coding', 'green tech', 'media literacy', 'STEAM', 'entrepreneurship', 'data literacy'];
const SUBJECTS = [
  'mathematics',
  'physics',
  'chemistry',
  'biology',
  'informatics',
  'technology',
  'art',
  'languages',
  'history',
  'geography',
  'primary education',
];

const nodes: HubNodeInput[] = [];
const edges: HubEdgeInput[] = [];
const edge = (source: string, target: string, type: EdgeType, weight = 1, start?: string, end?: string) => {
  const e: HubEdgeInput = { source, target, type, weight };
  if (start) e.start = start;
  if (end) e.end = end;
  edges.push(e);
};
const near = (h: HubSpec, km: number) => ({
  lat: round(h.lat + between(-km, km) / 111, 4),
  lon: round(h.lon + between(-km, km) / (111 * Math.cos((h.lat * Math.PI) / 180)), 4),
});
/** School years run September to June. */
const schoolYear = (y: number) => ({ start: `${y}-09-01`, end: `${y + 1}-06-30` });

interface School {
  id: string;
  hub: HubSpec;
  maturity: number;
  teachers: string[];
  role: 'normal' | 'isolated' | 'peripheral';
}
const schools: School[] = [];
const orgsByHub = new Map<string, string[]>();
const teacherSchool = new Map<string, string>();

// Hubs, schools and teachers.
let tNo = 0;
for (const h of HUBS) {
  nodes.push({ id: h.id, type: 'hub', label: h.label, country: h.country, region: h.region, ...near(h, 2), languages: h.languages, themes: sample(THEMES, 3) });
  const orgs: string[] = [];
  orgsByHub.set(h.id, orgs);
  for (let i = 0; i < h.schools; i++) {
    const id = `sch-${h.country.toLowerCase()}-${String(schools.length + 1).padStart(3, '0')}`;
    const rural = i >= h.schools / 2;
    const maturity = round(Math.min(5, Math.max(1, between(1.6, 4.6) - (rural ? 0.5 : 0))), 1);
    const levels = i % 3 === 2 ? ['upper-secondary'] : i % 3 === 1 ? ['lower-secondary', 'upper-secondary'] : ['primary', 'lower-secondary'];
    const role: School['role'] = i === h.schools - 1 ? 'isolated' : i === h.schools - 2 && h.schools > 14 ? 'peripheral' : 'normal';
    nodes.push({
      id,
      type: 'school',
      label: h.schoolName(h.places[i], i),
      country: h.country,
      region: h.region,
      hub: h.id,
      ...near(h, rural ? 45 : 8),
      levels,
      themes: sample(THEMES, int(1, 3)),
      languages: h.languages.slice(0, rural ? 1 : 2),
      maturity,
      capacity: maturity >= 3.8 ? int(2, 3) : maturity >= 3 ? 1 : 0,
      size: int(rural ? 60 : 250, rural ? 300 : 1100),
    });
    const school: School = { id, hub: h, maturity, teachers: [], role };
    schools.push(school);
    orgs.push(id);
    // The last Lithuanian school joined the hub recently: no staff data yet, no ties at all.
    const staff = role === 'isolated' && h.country === 'LT' ? 0 : rural ? int(4, 8) : int(7, 13);
    for (let k = 0; k < staff; k++) {
      const tid = `t-${String(++tNo).padStart(4, '0')}`;
      const experience = int(1, 35);
      nodes.push({
        id: tid,
        type: 'teacher',
        label: `${pick(h.first)} ${pick(h.last)}`,
        country: h.country,
        region: h.region,
        hub: h.id,
        subjects: sample(SUBJECTS, int(1, 2)),
        languages: h.languages.slice(0, int(1, 2)),
        themes: sample(THEMES, int(0, 2)),
        capacity: experience >= 10 && rng() < 0.5 ? int(1, 2) : 0,
        attrs: { experience },
      });
      school.teachers.push(tid);
      teacherSchool.set(tid, id);
      edge(tid, id, 'affiliation', 1);
    }
  }
}
// A few teachers also teach at a second school of their hub.
for (const s of schools) {
  if (s.role !== 'normal' || rng() > 0.25) continue;
  const other = pick(schools.filter((o) => o.hub === s.hub && o.role === 'normal' && o !== s));
  edge(pick(s.teachers), other.id, 'affiliation', 0.5, '2023-09-01');
}

// Other organisations, each attached to a hub.
let oNo = 0;
const org = (h: HubSpec, type: HubNodeInput['type'], label: string, extra: Partial<HubNodeInput> = {}) => {
  const id = `${type}-${String(++oNo).padStart(3, '0')}`;
  nodes.push({ id, type, label, country: h.country, region: h.region, hub: h.id, ...near(h, 6), ...extra });
  orgsByHub.get(h.id)!.push(id);
  return id;
};
const byHub = new Map<string, Record<string, string[]>>();
const UNIS = [
  'Tamme Institute of Technology',
  'Pohjola University of Applied Sciences',
  'Mtkvari State Teaching University',
  'Rioni University',
  'Nemunas University of Technology',
];
const VETS = ['Emajõe Vocational Centre', 'Oulunkaari Vocational College', null, 'Kutaisi Crafts and Technology College', 'Kaunas Applied Skills Centre'];
const PUBLIC = [
  ['Tartu City Education Department'],
  ['Oulu Education Services', 'Finnish Regional Education Agency (North)'],
  ['Tbilisi Education Resource Centre', 'Georgian Teacher Professional Development Centre'],
  ['Imereti Education Resource Centre'],
  ['Kaunas City Education Division', 'Lithuanian STEAM Network Office'],
];
const COMMUNITY = [
  ['Tartu Science Library'],
  ['Oulu Maker Space ry', 'Revontuli Youth Media Club'],
  ['Tbilisi Youth Coding Club'],
  ['Kutaisi Museum of Science and Technology'],
  ['Kaunas Robotics Club', 'Nemunas Media Literacy Association'],
];
HUBS.forEach((h, i) => {
  const r: Record<string, string[]> = { company: [], university: [], vet: [], public: [], community: [], research: [] };
  for (const c of h.companies) r.company.push(org(h, 'company', c, { themes: sample(THEMES, 2), size: int(8, 250), capacity: int(1, 4) }));
  r.university.push(org(h, 'university', UNIS[i], { themes: sample(THEMES, 3), capacity: int(2, 5) }));
  if (VETS[i]) r.vet.push(org(h, 'vet', VETS[i]!, { levels: ['vet'], themes: sample(THEMES, 2), capacity: 2 }));
  for (const p of PUBLIC[i]) r.public.push(org(h, 'public', p));
  for (const c of COMMUNITY[i]) r.community.push(org(h, 'community', c, { themes: sample(THEMES, 2) }));
  byHub.set(h.id, r);
});
const research = [
  org(HUBS[0], 'research', 'Baltic Learning Sciences Lab', { themes: ['AI', 'data literacy'] }),
  org(HUBS[2], 'research', 'Caucasus Education Research Institute', { themes: ['STEAM', 'media literacy'] }),
];
byHub.get(HUBS[0].id)!.research.push(research[0]);
byHub.get(HUBS[2].id)!.research.push(research[1]);

const active = (h: HubSpec) => schools.filter((s) => s.hub === h && s.role === 'normal');
const year = () => int(2021, 2025);

// Hub ties: the hub partners most of its schools and all its organisations.
for (const h of HUBS) {
  const r = byHub.get(h.id)!;
  for (const s of active(h)) if (rng() < 0.7) edge(h.id, s.id, 'partnership', int(1, 3), `${int(2021, 2023)}-09-01`);
  for (const o of [...r.company, ...r.university, ...r.vet, ...r.public, ...r.community, ...r.research]) edge(h.id, o, 'partnership', int(1, 4), '2021-09-01');
}
// Cross-hub bridges: hub–hub networking and the two research labs.
edge('hub-ee-tartu', 'hub-fi-oulu', 'partnership', 3, '2021-09-01');
edge('hub-ee-tartu', 'hub-lt-kaunas', 'partnership', 2, '2022-01-15');
edge('hub-ge-tbilisi', 'hub-ge-kutaisi', 'partnership', 4, '2021-09-01');
edge('hub-lt-kaunas', 'hub-ge-tbilisi', 'collaboration', 1, '2023-03-01', '2024-06-30');
edge(research[0], research[1], 'collaboration', 2, '2022-09-01', '2025-06-30');

// Organisation partnerships inside each hub.
for (const h of HUBS) {
  const r = byHub.get(h.id)!;
  const ss = active(h);
  for (const c of r.company) for (const s of sample(ss, int(2, 4))) edge(c, s.id, 'partnership', int(1, 3), `${year()}-09-01`);
  for (const u of r.university) {
    for (const s of sample(ss, int(3, 5))) edge(u, s.id, 'partnership', int(1, 3), `${year()}-09-01`);
    for (const c of r.company) if (rng() < 0.6) edge(u, c, 'partnership', 2, `${year()}-01-01`);
  }
  for (const v of r.vet)
    for (const s of sample(
      ss.filter((x) => !nodes.find((n) => n.id === x.id)!.levels!.includes('primary')),
      2,
    ))
      edge(v, s.id, 'partnership', 1, `${year()}-09-01`);
  for (const p of r.public) for (const s of sample(ss, int(2, 4))) edge(p, s.id, 'collaboration', 1);
  for (const c of r.community) for (const s of sample(ss, int(1, 3))) edge(c, s.id, 'collaboration', 1, `${year()}-09-01`);
  // Co-creation: companies and schools designing learning material together over a school year.
  for (const c of r.company)
    if (rng() < 0.8) {
      const y = schoolYear(year());
      edge(c, pick(ss).id, 'cocreation', int(1, 3), y.start, y.end);
    }
}

// Projects (two-mode): local ones per hub and a few cross-hub ones.
const PROJECT_NAMES = [
  'AI in the Classroom',
  'Robotics League',
  'Code Club Network',
  'Green School Labs',
  'Media Literacy Week',
  'STEAM Makers',
  'Data Detectives',
  'Young Entrepreneurs',
];
let pNo = 0;
const project = (label: string, h: HubSpec | null, members: School[], partners: string[], y: number, years: number) => {
  const id = `proj-${String(++pNo).padStart(3, '0')}`;
  const home = h ?? HUBS[0];
  nodes.push({
    id,
    type: 'project',
    label,
    country: h ? h.country : undefined,
    region: h ? h.region : undefined,
    hub: h ? h.id : undefined,
    themes: [label.includes('Green') ? 'green tech' : pick(THEMES)],
  });
  void home;
  const start = `${y}-09-01`,
    end = `${y + years}-06-30`;
  for (const s of members) {
    edge(s.id, id, 'participation', 1, start, end);
    for (const t of sample(s.teachers, int(1, 3))) edge(t, id, 'participation', 1, start, end);
  }
  for (const p of partners) edge(p, id, 'participation', 1, start, end);
};
for (const h of HUBS) {
  const r = byHub.get(h.id)!;
  for (const name of sample(PROJECT_NAMES, int(4, 6))) {
    project(
      `${name} — ${h.region}`,
      h,
      sample(active(h), int(3, 6)),
      sample([...r.company, ...r.university, ...r.community], int(1, 2)),
      int(2021, 2024),
      int(1, 2),
    );
  }
}
const crossHub = [
  ['hub-ee-tartu', 'hub-fi-oulu'],
  ['hub-ee-tartu', 'hub-lt-kaunas'],
  ['hub-ge-tbilisi', 'hub-ge-kutaisi'],
  ['hub-fi-oulu', 'hub-ge-kutaisi'],
];
crossHub.forEach(([a, b], i) => {
  const ha = HUBS.find((h) => h.id === a)!,
    hb = HUBS.find((h) => h.id === b)!;
  project(
    `Erasmus+ ${['Nordic-Baltic AI', 'Baltic Code Bridge', 'Georgian STEAM Alliance', 'Green Futures Exchange'][i]}`,
    null,
    [...sample(active(ha), 2), ...sample(active(hb), 2)],
    [a, b],
    int(2022, 2024),
    2,
  );
});

// Mentoring: mature schools mentor less mature ones of their hub; one cross-hub pair.
for (const h of HUBS) {
  const ss = active(h).sort((x, y) => y.maturity - x.maturity);
  const mentors = ss.slice(0, 3),
    mentees = ss.slice(-5);
  for (let i = 0; i < 3; i++) {
    const y = schoolYear(int(2021, 2025));
    edge(mentors[i % mentors.length].id, mentees[i].id, 'mentoring', int(1, 3), y.start, y.end);
  }
}
{
  const a = active(HUBS[1]).sort((x, y) => y.maturity - x.maturity)[0];
  const b = active(HUBS[3]).sort((x, y) => x.maturity - y.maturity)[0];
  edge(a.id, b.id, 'mentoring', 2, '2024-09-01', '2026-06-30');
}
// Teacher mentoring and collaboration: mostly inside the school, sometimes across the hub.
for (const h of HUBS) {
  const ss = active(h);
  const staff = ss.flatMap((s) => s.teachers);
  for (const s of ss) {
    for (let k = 0; k < Math.ceil(s.teachers.length / 2); k++) {
      const [a, b] = sample(s.teachers, 2);
      if (a && b) edge(a, b, 'collaboration', int(1, 4), `${year()}-09-01`);
    }
    if (rng() < 0.6) {
      const mentor = pick(s.teachers);
      const mentee = rng() < 0.5 ? pick(s.teachers) : pick(staff);
      const y = schoolYear(year());
      if (mentor !== mentee) edge(mentor, mentee, 'mentoring', 1, y.start, y.end);
    }
  }
  for (let k = 0; k < ss.length * 2; k++) {
    const [a, b] = sample(staff, 2);
    if (teacherSchool.get(a) !== teacherSchool.get(b)) edge(a, b, 'collaboration', 1, `${year()}-09-01`);
  }
}
// Peripheral schools hang on a single partnership with one school of their hub.
for (const s of schools.filter((x) => x.role === 'peripheral')) {
  edge(s.id, pick(active(s.hub)).id, 'partnership', 1, '2024-09-01');
}
// Isolated schools keep only their teachers' affiliations (see data/README.md).

// One record per pair, type and dates (the generator may draw the same tie twice).
const seen = new Set<string>();
const unique = edges.filter((e) => {
  const k = JSON.stringify([[e.source, e.target].sort(), e.type, e.start ?? '', e.end ?? '']);
  if (seen.has(k)) return false;
  seen.add(k);
  return true;
});

const dataset: Dataset = DatasetSchema.parse({
  meta: {
    name: 'Sample region (synthetic)',
    description:
      'SYNTHETIC sample ecosystem shaped like the Regional Innovation Hub pilots: five hubs in Estonia, Finland, Georgia and Lithuania. All names, people, ties and scores are invented.',
    source: `data/generate.ts, seed ${seed}`,
    synthetic: true,
  },
  nodes,
  edges: unique,
});

const out = process.argv[3] ?? join(dirname(fileURLToPath(import.meta.url)), 'sample');
await writeDataset(dataset, 'csv', out);
process.stderr.write(`wrote ${dataset.nodes.length} nodes and ${dataset.edges.length} edges to ${out}\n`);
