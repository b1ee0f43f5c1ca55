/**
 * Finds words and phrases from a curated list in a text, whole words only, ignoring case and
 * accents ("extraccion" and "Extracción" both match `extraccion`). Terms are small regular
 * expressions written in lower case without accents, so plurals read `crowns?`, `cavit(y|ies)`;
 * a space in a term matches any run of spaces or a hyphen.
 */
export interface TermMatcher {
  /** Each match, as written in the text, in order of appearance, without repeats. */
  find(text: string): string[];
}

/** Lower-cases and strips accents one character at a time, remembering where each came from. */
function fold(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let i = 0;
  for (const char of text) {
    const f = char
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      // Typographic apostrophes fold to the plain one so "it’s" matches "it's".
      .replace(/[\u2018\u2019]/g, "'");
    folded += f;
    for (let k = 0; k < f.length; k++) origin.push(i);
    i += char.length;
  }
  origin.push(i);
  return { folded, origin };
}

export function termMatcher(terms: readonly string[]): TermMatcher {
  // Longest first, so "dentaduras postizas" wins over "dentaduras" at the same place.
  const source = [...terms]
    .sort((a, b) => b.length - a.length)
    .map((t) => `(?:${t.replace(/ /g, '[\\s-]+')})`)
    .join('|');
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${source})(?![\\p{L}\\p{N}])`, 'gu');
  return {
    find(text) {
      const { folded, origin } = fold(text.normalize('NFC'));
      const found: string[] = [];
      for (const m of folded.matchAll(re)) {
        const start = origin[m.index]!;
        const end = origin[m.index + m[0].length]!;
        const original = text.normalize('NFC').slice(start, end);
        if (!found.some((f) => f.toLowerCase() === original.toLowerCase())) found.push(original);
      }
      return found;
    },
  };
}
