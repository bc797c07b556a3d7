import type { SurveyAnswers, SurveyConfig } from '../model/survey.ts';

/** A problem in a respondent's answers, by JSON path, in words the form can show beside the field. */
export interface AnswerProblem {
  path: string;
  expected: string;
  message: string;
}

/**
 * Checks answers (already shape-checked by SurveyAnswersSchema) against this survey's questions and roster:
 * names from the roster only, each once, not oneself; follow-ups within their scales; node answers of the
 * right kind. Returns every problem in one pass.
 */
export function checkAnswers(config: SurveyConfig, rosterKeys: ReadonlySet<string>, selfKey: string | undefined, a: SurveyAnswers): AnswerProblem[] {
  const out: AnswerProblem[] = [];
  const seen = new Set<string>();
  if (a.named.length > config.nameGenerator.maxNames) {
    out.push({ path: 'named', expected: `at most ${config.nameGenerator.maxNames} names`, message: `${a.named.length} names given` });
  }
  const followUps = (t: { tieType?: string; frequency?: string; strength?: number }, at: string) => {
    if (t.tieType !== undefined && !config.tieTypes.includes(t.tieType as never)) {
      out.push({ path: `${at}.tieType`, expected: `one of ${config.tieTypes.join(', ')}`, message: `tie type ${JSON.stringify(t.tieType)} is not offered` });
    }
    if (t.frequency !== undefined && !config.frequency.includes(t.frequency)) {
      out.push({
        path: `${at}.frequency`,
        expected: config.frequency.length ? `one of ${config.frequency.join(', ')}` : 'no frequency (not asked)',
        message: `frequency ${JSON.stringify(t.frequency)} is not offered`,
      });
    }
    if (t.strength !== undefined) {
      const s = config.strength;
      if (!s) out.push({ path: `${at}.strength`, expected: 'no strength (not asked)', message: 'strength is not asked in this survey' });
      else if (t.strength < s.min || t.strength > s.max)
        out.push({ path: `${at}.strength`, expected: `a whole number from ${s.min} to ${s.max}`, message: `strength ${t.strength} is out of range` });
    }
  };
  a.named.forEach((t, i) => {
    const at = `named.${i}`;
    if (!rosterKeys.has(t.key)) out.push({ path: `${at}.key`, expected: 'someone from the list', message: "not on this survey's list" });
    else if (t.key === selfKey) out.push({ path: `${at}.key`, expected: 'someone other than yourself', message: 'you cannot name yourself' });
    else if (seen.has(t.key)) out.push({ path: `${at}.key`, expected: 'each name once', message: 'named twice' });
    seen.add(t.key);
    followUps(t, at);
  });
  if (a.added.length && !config.allowAdditions) out.push({ path: 'added', expected: 'no additions', message: 'this survey does not take additions' });
  a.added.forEach((t, i) => followUps(t, `added.${i}`));
  const questions = new Map(config.nodeQuestions.map((q) => [q.id, q]));
  for (const [id, v] of Object.entries(a.node)) {
    const q = questions.get(id);
    const at = `node.${id}`;
    if (!q) {
      out.push({ path: at, expected: `one of the questions ${[...questions.keys()].join(', ') || '(none)'}`, message: 'no such question' });
      continue;
    }
    if (q.kind === 'scale') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < q.min || v > q.max)
        out.push({ path: at, expected: `a whole number from ${q.min} to ${q.max}`, message: `${JSON.stringify(v)} is not on the scale` });
    } else if (q.kind === 'text') {
      if (typeof v !== 'string') out.push({ path: at, expected: 'text', message: 'not text' });
    } else if (q.kind === 'choice') {
      if (typeof v !== 'string' || !q.options.includes(v))
        out.push({ path: at, expected: `one of ${q.options.join(', ')}`, message: `${JSON.stringify(v)} is not an option` });
    } else if (!Array.isArray(v) || v.some((x) => !q.options.includes(x))) {
      out.push({ path: at, expected: `options from ${q.options.join(', ')}`, message: 'not a list of the options' });
    }
  }
  return out;
}
