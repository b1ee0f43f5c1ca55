/**
 * Cuts the `entry` array of a Bundle out of a JSON text that arrives in chunks, so a Bundle of a
 * hundred thousand patients (half a gigabyte, more than V8 will hold in one string) is read one
 * entry at a time. It tracks only strings and nesting; each entry's text is parsed by JSON.parse.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

export interface ScannedEntry {
  /** Position in the entry array. */
  index: number;
  /** The entry's JSON text. */
  text: string;
}

export class BundleScanner {
  /** The top level's `resourceType`, once seen. */
  resourceType: string | undefined;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inEntries = false;
  private entryParts: string[] | undefined;
  private entryStart = -1;
  private entryCount = 0;
  private topString: string[] | undefined;
  private topStringStart = -1;
  private lastTopString: string | undefined;
  private key: string | undefined;
  private sawRoot = false;
  private notAnObject = false;

  /** Feeds one chunk; returns the entries it completed. */
  push(chunk: string): ScannedEntry[] {
    const done: ScannedEntry[] = [];
    if (this.entryParts !== undefined) this.entryStart = 0;
    if (this.topString !== undefined) this.topStringStart = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.topString !== undefined) this.endTopString(chunk, i);
        }
        continue;
      }
      if (c === QUOTE) {
        if (this.depth === 0) this.notAnObject = true;
        this.inString = true;
        if (this.depth === 1) {
          this.topString = [];
          this.topStringStart = i + 1;
        }
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === 0) {
          // A second value after the root, or a root that is an array, is not a Bundle.
          if (c !== OPEN_BRACE || this.sawRoot) this.notAnObject = true;
          this.sawRoot = true;
        }
        if (this.depth === 1 && c === OPEN_BRACKET && this.key === 'entry') this.inEntries = true;
        else if (this.depth === 2 && this.inEntries) {
          this.entryParts = [];
          this.entryStart = i;
        }
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 2 && this.entryParts !== undefined) {
          this.entryParts.push(chunk.slice(this.entryStart, i + 1));
          done.push({ index: this.entryCount++, text: this.entryParts.join('') });
          this.entryParts = undefined;
        } else if (this.depth === 1 && this.inEntries) {
          this.inEntries = false;
        }
      } else if (this.depth === 1 && c === COLON) {
        this.key = this.lastTopString;
      } else if (this.depth === 1 && c === COMMA) {
        this.key = undefined;
      } else if (this.depth === 0 && c > 0x20 && c !== 0xfeff) {
        this.notAnObject = true;
      }
    }
    if (this.entryParts !== undefined) this.entryParts.push(chunk.slice(this.entryStart));
    if (this.topString !== undefined) this.topString.push(chunk.slice(this.topStringStart));
    return done;
  }

  private endTopString(chunk: string, end: number): void {
    this.topString!.push(chunk.slice(this.topStringStart, end));
    const text = this.topString!.join('');
    this.topString = undefined;
    // Keys and short values at the top level; `resourceType` is the one that matters.
    if (this.key === 'resourceType') this.resourceType = text;
    this.lastTopString = text;
  }

  /** Why the text, now complete, is not a Bundle's JSON; undefined when it is. */
  problem(): string | undefined {
    if (!this.sawRoot || this.notAnObject) return 'is not a JSON object';
    if (this.depth !== 0 || this.inString) return 'ends in the middle of its JSON';
    if (this.resourceType !== 'Bundle')
      return 'is not a FHIR Bundle (its resourceType is not Bundle)';
    return undefined;
  }
}
