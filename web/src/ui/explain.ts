/** Explanation lines of a pair: the summary sentence, then each criterion in plain words. */
export function explanationLines(e: unknown): string[] {
  if (typeof e === 'string') return [e];
  if (Array.isArray(e)) return e.flatMap(explanationLines);
  if (!e || typeof e !== 'object') return [];
  const o = e as { text?: unknown; criteria?: unknown };
  const out: string[] = [];
  if (typeof o.text === 'string') out.push(o.text);
  if (Array.isArray(o.criteria)) {
    for (const c of o.criteria as Record<string, unknown>[]) {
      const pts = typeof c.points === 'number' ? ` (+${c.points.toFixed(2)})` : '';
      out.push(`${String(c.text ?? c.criterion ?? '')}${pts}`);
    }
  }
  return out;
}
