import { createRequire } from 'node:module';
import type { Document, Element } from '@xmldom/xmldom';
import type { DatasetBuilder } from './build.ts';
import { stripBom } from './csv-parse.ts';

// Loaded on first use: only GEXF / GraphML imports need it, and it costs ~30 ms of every CLI start.
let xmldom: typeof import('@xmldom/xmldom') | undefined;
const domParser = () => (xmldom ??= createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom')).DOMParser;

/** Escape for XML text and attribute values; characters XML 1.0 cannot carry at all are dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Parse XML, reporting a syntax error as an import issue with its line. */
export function parseXml(b: DatasetBuilder, text: string, file: string): Document | null {
  const clean = stripBom(text);
  try {
    const doc = new (domParser())({
      onError: (level, message) => {
        if (level !== 'warning') throw new XmlProblem(message);
      },
    }).parseFromString(clean, 'text/xml');
    return doc;
  } catch (e) {
    const loc = (e as { locator?: { lineNumber?: number } }).locator;
    const msg = String((e as Error).message).split('\n')[0];
    b.bad({ file, line: loc?.lineNumber }, 'xml', undefined, `well-formed XML (${msg})`);
    return null;
  }
}

class XmlProblem extends Error {}

/** Direct element children with the given local name (namespace prefixes ignored). */
export function children(el: Element | Document, name: string): Element[] {
  const out: Element[] = [];
  for (let c = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && localName(c as Element) === name) out.push(c as Element);
  }
  return out;
}

export function child(el: Element | Document, name: string): Element | undefined {
  return children(el, name)[0];
}

export function localName(el: Element): string {
  const n = el.localName ?? el.nodeName;
  const i = n.indexOf(':');
  return i >= 0 ? n.slice(i + 1) : n;
}

export function lineOf(el: Element): number | undefined {
  return (el as unknown as { lineNumber?: number }).lineNumber;
}

/** An attribute's value, or undefined when absent (xmldom returns '' or null for absent). */
export function attr(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
