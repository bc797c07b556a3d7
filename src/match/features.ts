import type { HubNode, NodeType } from '../model/index.ts';

/** Great-circle distance in km between two WGS84 points. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const R = 6371.0088;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

export function distanceKm(a: HubNode, b: HubNode): number | null {
  if (a.lat === undefined || a.lon === undefined || b.lat === undefined || b.lon === undefined) return null;
  return haversineKm(a.lat, a.lon, b.lat, b.lon);
}

export interface Proximity {
  value: number;
  text: string;
  km: number | null;
}

/**
 * Proximity in [0, 1]: 2^(−km / scale) when both have coordinates (halves every `scale` km);
 * otherwise 1 for the same region, 0.5 for the same country, 0 when unknown or different.
 */
export function proximity(a: HubNode, b: HubNode, scaleKm: number): Proximity {
  const km = distanceKm(a, b);
  const value = proximityValue(a, b, scaleKm);
  if (km !== null) return { value, text: `${Math.round(km)} km apart`, km };
  if (a.region && a.region === b.region) return { value, text: `same region (${a.region})`, km: null };
  if (a.country && a.country === b.country) return { value, text: `same country (${a.country})`, km: null };
  return { value, text: a.region && b.region ? `different regions (${a.region}, ${b.region})` : 'location unknown', km: null };
}

/** proximity(a, b).value without the words (scoring every candidate pair). */
export function proximityValue(
  a: Pick<HubNode, 'lat' | 'lon' | 'region' | 'country'>,
  b: Pick<HubNode, 'lat' | 'lon' | 'region' | 'country'>,
  scaleKm: number,
): number {
  if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined)
    return 2 ** (-haversineKm(a.lat, a.lon, b.lat, b.lon) / scaleKm);
  if (a.region && a.region === b.region) return 1;
  if (a.country && a.country === b.country) return 0.5;
  return 0;
}

/** Case-insensitive intersection, keeping `wanted`'s spelling and order. */
export function shared(wanted: readonly string[] | undefined, offered: readonly string[] | undefined): string[] {
  if (!wanted?.length || !offered?.length) return [];
  const have = new Set(offered.map((s) => s.trim().toLowerCase()));
  return wanted.filter((s) => have.has(s.trim().toLowerCase()));
}

/** "A", "A and B", "A, B and C". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export const label = (n: HubNode): string => n.label ?? n.id;

/** Broad sectors, for "cross-sector ties". */
export function sectorOf(type: NodeType): string {
  switch (type) {
    case 'school':
    case 'teacher':
      return 'school';
    case 'university':
    case 'vet':
    case 'research':
      return 'higher education and research';
    case 'company':
      return 'business';
    case 'hub':
    case 'public':
      return 'public';
    case 'community':
      return 'civil society';
    default:
      return 'other';
  }
}

/** `same` / `different` / `any` test on two optional values; unknown values fail `same` and `different`. */
export function sameRule(rule: 'any' | 'same' | 'different', a: string | undefined | null, b: string | undefined | null): boolean {
  if (rule === 'any') return true;
  if (!a || !b) return false;
  return rule === 'same' ? a === b : a !== b;
}
