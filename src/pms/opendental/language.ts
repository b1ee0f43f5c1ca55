/**
 * `patient.Language` holds what Open Dental's language picker stored: usually an ISO 639-2
 * three-letter code (`eng`, `spa`), sometimes a two-letter one or free text (`Spanish`,
 * `Tahitian`). Messages go out in a two-letter tag, so the common languages are mapped to theirs.
 */
const TAGS = new Map<string, string>();

// [two-letter tag, ISO 639-2 codes (bibliographic and terminology), English names]
const LANGUAGES: ReadonlyArray<readonly [string, readonly string[], readonly string[]]> = [
  ['en', ['eng'], ['english']],
  ['es', ['spa'], ['spanish', 'español', 'espanol']],
  ['fr', ['fre', 'fra'], ['french', 'français', 'francais']],
  ['de', ['ger', 'deu'], ['german', 'deutsch']],
  ['it', ['ita'], ['italian']],
  ['pt', ['por'], ['portuguese', 'português', 'portugues']],
  ['zh', ['chi', 'zho'], ['chinese', 'mandarin', 'cantonese']],
  ['vi', ['vie'], ['vietnamese']],
  ['ko', ['kor'], ['korean']],
  ['ja', ['jpn'], ['japanese']],
  ['ru', ['rus'], ['russian']],
  ['ar', ['ara'], ['arabic']],
  ['tl', ['tgl', 'fil'], ['tagalog', 'filipino']],
  ['hi', ['hin'], ['hindi']],
  ['pl', ['pol'], ['polish']],
  ['fa', ['per', 'fas'], ['persian', 'farsi']],
  ['ht', ['hat'], ['haitian creole', 'haitian']],
  ['uk', ['ukr'], ['ukrainian']],
  ['nl', ['dut', 'nld'], ['dutch']],
  ['el', ['gre', 'ell'], ['greek']],
  ['he', ['heb'], ['hebrew']],
  ['tr', ['tur'], ['turkish']],
  ['th', ['tha'], ['thai']],
  ['ur', ['urd'], ['urdu']],
  ['bn', ['ben'], ['bengali']],
  ['pa', ['pan'], ['punjabi']],
  ['so', ['som'], ['somali']],
  ['am', ['amh'], ['amharic']],
  ['hy', ['arm', 'hye'], ['armenian']],
  ['ro', ['rum', 'ron'], ['romanian']],
];
for (const [tag, codes, names] of LANGUAGES) {
  TAGS.set(tag, tag);
  for (const code of codes) TAGS.set(code, tag);
  for (const name of names) TAGS.set(name, tag);
}

const cache = new Map<string, string | undefined>();

/** The language tag for a `patient.Language` value; undefined when empty or too short to mean one. */
export function languageTag(value: string | null): string | undefined {
  if (value === null || value === '') return undefined;
  let tag = cache.get(value);
  if (tag === undefined && !cache.has(value)) {
    const trimmed = value.trim();
    tag = TAGS.get(trimmed.toLowerCase()) ?? (trimmed.length >= 2 ? trimmed : undefined);
    // A practice has a handful of distinct values: the cache stays tiny.
    if (cache.size < 1000) cache.set(value, tag);
  }
  return tag;
}
