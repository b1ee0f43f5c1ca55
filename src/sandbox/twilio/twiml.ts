/**
 * Just enough XML to walk a call's TwiML: elements with attributes, text and children. TwiML
 * documents are small and machine-written; comments, processing instructions and CDATA-free
 * text are all the parser needs to handle.
 */
export interface TwimlElement {
  name: string;
  attributes: Record<string, string>;
  children: TwimlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(value: string): string {
  return value.replace(/&(#x?[0-9a-fA-F]+|\w+);/g, (match, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? match;
  });
}

/** Parses a TwiML document into its root element (`<Response>`); throws on malformed XML. */
export function parseTwiml(xml: string): TwimlElement {
  const root: TwimlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  for (const match of xml.matchAll(tag)) {
    const [whole, closing, name, attrs, selfClosing, text] = match;
    const current = stack[stack.length - 1] as TwimlElement;
    if (text !== undefined) {
      current.text += decode(text);
      continue;
    }
    if (name === undefined) {
      if (!whole.startsWith('<!--') && !whole.startsWith('<?')) throw new Error('malformed TwiML');
      continue;
    }
    if (closing) {
      if (current.name !== name) throw new Error(`malformed TwiML: </${name}>`);
      current.text = current.text.trim();
      stack.pop();
      continue;
    }
    const element: TwimlElement = { name, attributes: {}, children: [], text: '' };
    for (const attr of (attrs ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      element.attributes[attr[1] as string] = decode(attr[2] ?? attr[3] ?? '');
    }
    current.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1) throw new Error('malformed TwiML: unclosed element');
  const response = root.children[0];
  if (!response) throw new Error('malformed TwiML: empty document');
  return response;
}

/** The first element called `name` in document order, at any depth. */
export function findElement(root: TwimlElement, name: string): TwimlElement | undefined {
  for (const child of root.children) {
    if (child.name === name) return child;
    const inner = findElement(child, name);
    if (inner) return inner;
  }
  return undefined;
}

/** Every element called `name`, at any depth, in document order. */
export function findElements(root: TwimlElement, name: string): TwimlElement[] {
  return root.children.flatMap((child) => [
    ...(child.name === name ? [child] : []),
    ...findElements(child, name),
  ]);
}
