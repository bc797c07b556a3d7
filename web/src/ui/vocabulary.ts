/**
 * Plain-language names of the figures the app shows: per-node metrics (map appearance, tables)
 * and ecosystem indicators (coordinator, report). One registry, so a figure is named the same way
 * everywhere; keys without an entry fall back to a readable form of the key itself.
 */
export interface Term {
  /** Short name for a selector, a column or a card. */
  label: string;
  /** One line saying what the figure means for a coordinator or researcher. */
  explain: string;
  /** Whether a rise is good news (colours "change between dates"); undefined when neither. */
  higherIsBetter?: boolean;
  /** Values are categories (colour with a categorical palette, never a ramp). */
  categorical?: boolean;
}

export const METRIC_TERMS: Record<string, Term> = {
  community: {
    label: 'Community',
    explain: 'groups of organisations more tied among themselves than to the rest (found by Leiden, or Louvain when the analysis asks for it).',
    categorical: true,
  },
  type: { label: 'Kind of organisation', explain: 'School, teacher, company, university, VET provider, hub, …', categorical: true },
  ownType: { label: 'Own type', explain: 'The type as named in the uploaded data.', categorical: true },
  region: { label: 'Region', explain: 'The region a node belongs to.', categorical: true },
  hub: { label: 'Hub', explain: 'The regional innovation hub a node belongs to.', categorical: true },
  country: { label: 'Country', explain: 'The country a node is in.', categorical: true },
  degree: { label: 'Degree', explain: 'Number of distinct ties.' },
  strength: { label: 'Strength', explain: 'Sum of the weights of its ties.' },
  betweenness: { label: 'Betweenness', explain: 'Share of shortest paths that pass through it (normalised): a broker between parts of the network.' },
  closeness: { label: 'Closeness', explain: 'How few steps it needs to reach everyone it can reach (Wasserman–Faust).' },
  harmonic: { label: 'Harmonic centrality', explain: 'Sum of 1/distance to every other node: high when many are near.' },
  pagerank: { label: 'PageRank', explain: 'Importance from being tied to important nodes (α = 0.85).' },
  eigenvector: { label: 'Eigenvector', explain: 'Importance from well-connected neighbours (largest component).' },
  core: { label: 'k-core', explain: 'Largest k such that it sits in a group where everyone has at least k ties.' },
  coreness: {
    label: 'Coreness (core–periphery)',
    explain: 'Borgatti–Everett continuous coreness: high in the dense centre that ties to everyone, low on the rim.',
  },
  clustering: { label: 'Clustering', explain: 'Share of its neighbours that are tied to each other.' },
  constraint: { label: 'Constraint (Burt)', explain: 'How much its ties lead to the same people: low means brokerage opportunities.' },
  effectiveSize: { label: 'Effective size', explain: 'Non-redundant contacts (Burt).' },
  isolation: { label: 'Isolation score', explain: 'How isolated a school is, 0–1 (higher is more isolated).' },
  maturity: { label: 'Digital maturity', explain: 'Self-assessed digital maturity, 1–5.' },
};

export const INDICATOR_TERMS: Record<string, Term> = {
  nodes: { label: 'Organisations and people', explain: 'Nodes in this group.' },
  ties: { label: 'Ties inside', explain: 'Ties with both ends in this group.', higherIsBetter: true },
  density: { label: 'Density', explain: 'Share of all possible ties inside the group that exist.', higherIsBetter: true },
  schools: { label: 'Schools', explain: 'Schools in this group.' },
  isolatedSchools: { label: 'Isolated schools', explain: 'Schools flagged isolated: few or no ties beyond their own staff.', higherIsBetter: false },
  isolatedShare: { label: 'Share of schools isolated', explain: 'Isolated schools divided by all schools.', higherIsBetter: false },
  peripheralSchools: { label: 'Peripheral schools', explain: 'Schools on the edge: connected, but thinly or only locally.', higherIsBetter: false },
  meanHubDistance: { label: 'Steps to a hub', explain: 'Average number of steps from a school to the nearest hub.', higherIsBetter: false },
  schoolsWithoutHub: { label: 'Schools with no path to a hub', explain: 'Schools that cannot reach any hub through the network.', higherIsBetter: false },
  'ei.external': { label: 'Ties leaving the group', explain: 'Ties from this group to organisations outside it.', higherIsBetter: true },
  'ei.internal': { label: 'Ties within the group', explain: 'Ties between members of this group.' },
  'ei.index': { label: 'Openness (E-I index)', explain: "From −1 (all ties inside) to +1 (all ties outside): Krackhardt's E-I.", higherIsBetter: true },
  'crossSector.schoolTies': { label: 'School ties', explain: "Direct ties of the group's schools." },
  'crossSector.company': { label: 'School–company ties', explain: "Ties between the group's schools and companies.", higherIsBetter: true },
  'crossSector.university': { label: 'School–university ties', explain: "Ties between the group's schools and universities.", higherIsBetter: true },
  'crossSector.vet': { label: 'School–VET ties', explain: "Ties between the group's schools and VET providers.", higherIsBetter: true },
  'crossSector.share': {
    label: 'Cross-sector share',
    explain: 'Share of school ties that reach a company, a university or a VET provider.',
    higherIsBetter: true,
  },
  'mentoring.lowMaturitySchools': { label: 'Low-maturity schools', explain: 'Schools with digital maturity 2 or lower.' },
  'mentoring.mentored': {
    label: 'Low-maturity schools mentored',
    explain: 'Low-maturity schools with a mentoring tie (to the school or one of its teachers).',
    higherIsBetter: true,
  },
  'mentoring.coverage': { label: 'Mentoring coverage', explain: 'Share of low-maturity schools that have a mentor.', higherIsBetter: true },
  eiByType: { label: 'Mixing between kinds (E-I)', explain: 'Network-wide E-I index between kinds of organisation.', higherIsBetter: true },
  eiByRegion: { label: 'Mixing between regions (E-I)', explain: 'Network-wide E-I index between regions.', higherIsBetter: true },
  eiByCountry: { label: 'Mixing between countries (E-I)', explain: 'Network-wide E-I index between countries.', higherIsBetter: true },
};

const TYPE_PLURAL: Record<string, string> = {
  vet: 'VET providers',
  research: 'research organisations',
  public: 'public bodies',
  community: 'community organisations',
  university: 'universities',
  company: 'companies',
};

/** An indicator's term; `counts.<type>` entries are named from the type. */
export function indicatorTerm(key: string): Term {
  const known = INDICATOR_TERMS[key];
  if (known) return known;
  const count = /^counts\.(.+)$/.exec(key);
  if (count) {
    const t = count[1];
    const plural = TYPE_PLURAL[t] ?? `${t}s`;
    return { label: `Number of ${plural}`, explain: `${plural[0].toUpperCase()}${plural.slice(1)} in this group.` };
  }
  return { label: readable(key), explain: '' };
}

export function metricTerm(key: string): Term {
  return METRIC_TERMS[key] ?? { label: readable(key), explain: '' };
}

/** `effectiveSize` → "effective size", `crossSector.share` → "cross sector share". */
function readable(key: string): string {
  const s = key
    .replace(/[._]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return s ? s[0].toUpperCase() + s.slice(1) : key;
}
