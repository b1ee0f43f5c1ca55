import { PLACEHOLDERS, type Placeholder } from './template-schema.ts';

/**
 * The syntax of a template body: `{name}` placeholders and `[[ … ]]` optional sections. A section
 * is dropped, with the spaces around it tidied, when any placeholder inside it has no value:
 * `Hi {firstName}.[[ {offer}]] Book: {bookingLink}` reads `Hi Ana. Book: …` without an offer.
 * Sections do not nest.
 */
export type BodyNode =
  | { kind: 'text'; text: string }
  | { kind: 'placeholder'; name: string }
  | { kind: 'section'; nodes: BodyNode[] };

export interface ParsedBody {
  nodes: BodyNode[];
  /** Every placeholder name used, known or not, in order of first use. */
  placeholders: string[];
  /** Names that are not one of PLACEHOLDERS. */
  unknown: string[];
  /** Placeholders used outside any optional section. */
  outsideSections: string[];
  /** Broken syntax, in words a marketer understands. */
  syntaxErrors: string[];
}

const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDERS);
const TOKEN_RE = /\[\[|\]\]|\{([^{}]*)\}|[{}]/g;

/** Parses a body; never throws (problems are listed in `syntaxErrors` and `unknown`). */
export function parseBody(body: string): ParsedBody {
  const top: BodyNode[] = [];
  let section: BodyNode[] | undefined;
  const placeholders: string[] = [];
  const outside: string[] = [];
  const syntaxErrors: string[] = [];
  let last = 0;
  const push = (node: BodyNode) => (section ?? top).push(node);
  for (const m of body.matchAll(TOKEN_RE)) {
    if (m.index > last) push({ kind: 'text', text: body.slice(last, m.index) });
    last = m.index + m[0].length;
    if (m[0] === '[[') {
      if (section) syntaxErrors.push('an optional section "[[ … ]]" cannot contain another one');
      else section = [];
    } else if (m[0] === ']]') {
      if (!section) syntaxErrors.push('"]]" closes no optional section');
      else {
        top.push({ kind: 'section', nodes: section });
        section = undefined;
      }
    } else if (m[1] !== undefined) {
      const name = m[1];
      if (!placeholders.includes(name)) placeholders.push(name);
      if (!section && !outside.includes(name)) outside.push(name);
      push({ kind: 'placeholder', name });
    } else {
      syntaxErrors.push(`a lone "${m[0]}": placeholders are written {name}`);
    }
  }
  if (last < body.length) push({ kind: 'text', text: body.slice(last) });
  if (section) {
    syntaxErrors.push('an optional section "[[" is never closed with "]]"');
    top.push({ kind: 'section', nodes: section });
  }
  return {
    nodes: top,
    placeholders,
    unknown: placeholders.filter((name) => !KNOWN.has(name)),
    outsideSections: outside,
    syntaxErrors,
  };
}

/** The text of a body's literal parts only (placeholders removed): what lint reads for wording. */
export function staticText(nodes: BodyNode[]): string {
  return nodes
    .map((n) => (n.kind === 'text' ? n.text : n.kind === 'section' ? staticText(n.nodes) : ' '))
    .join('');
}

export type PlaceholderValues = Partial<Record<Placeholder, string>>;

/**
 * Fills a parsed body. A section goes when one of its placeholders has no value (undefined or
 * blank); a placeholder outside a section without a value becomes `fallback(name)` (the caller
 * decides, e.g. "there" for a missing first name). Spaces are tidied afterwards.
 */
export function fillBody(
  nodes: BodyNode[],
  values: PlaceholderValues,
  fallback: (name: string) => string,
): string {
  const valueOf = (name: string): string | undefined => {
    const v = values[name as Placeholder]?.trim();
    return v ? v : undefined;
  };
  const fill = (list: BodyNode[], inSection: boolean): string | undefined => {
    let out = '';
    for (const node of list) {
      if (node.kind === 'text') out += node.text;
      else if (node.kind === 'placeholder') {
        const v = valueOf(node.name);
        if (v === undefined && inSection) return undefined;
        out += v ?? fallback(node.name);
      } else out += fill(node.nodes, true) ?? '';
    }
    return out;
  };
  return tidy(fill(nodes, false) ?? '');
}

/** Collapses the doubled spaces and the space before punctuation that a dropped section leaves. */
export function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \t]{2,}/g, ' ')
        .replace(/ +([.,;:!?])(?=\s|$)/g, '$1')
        .trim(),
    )
    .join('\n')
    .trim();
}
