/**
 * A small, strict XML reader for the KMIP XML encoding: elements, attributes, comments,
 * processing instructions and character/entity references. It knows no KMIP names.
 *
 * Not supported (rejected as KMIP_ERR_XML_SYNTAX): DOCTYPE declarations (no entity expansion
 * attacks), CDATA sections, and non-whitespace text between elements unless the caller allows
 * text (the OASIS test-case files carry "# TIME n" lines, which their reader strips first).
 */
import { TtlvError } from '../ttlv/errors.js';

/** One parsed element. `offset` is the character offset of its `<`. */
export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: XmlElement[];
  readonly offset: number;
}

/** Deepest element nesting accepted (the TTLV reader's default depth limit). */
export const MAX_XML_DEPTH = 64;

const NAME_START = /[A-Za-z_:]/;
const NAME_CHAR = /[A-Za-z0-9_:.-]/;

function fail(msg: string, at: number): never {
  throw new TtlvError('KMIP_ERR_XML_SYNTAX', msg, at);
}

/** Resolves the five predefined entities and numeric character references. */
export function decodeXmlText(s: string, at: number): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]*);?/g, (m, ref: string, off: number) => {
    if (!m.endsWith(';')) fail(`Unterminated reference ${JSON.stringify(m)}`, at + off);
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    let cp = NaN;
    if (/^#x[0-9a-fA-F]+$/.test(ref)) cp = parseInt(ref.slice(2), 16);
    else if (/^#[0-9]+$/.test(ref)) cp = parseInt(ref.slice(1), 10);
    if (!Number.isFinite(cp) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0) {
      fail(`Unknown or invalid reference &${ref};`, at + off);
    }
    return String.fromCodePoint(cp);
  });
}

/** Escapes text for an attribute value in double quotes. */
export function escapeXmlAttr(s: string): string {
  return s.replace(/[&<>"\r\n\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return `&#${c.charCodeAt(0)};`;
    }
  });
}

/** Options of {@link parseXml}. */
export interface XmlParseOptions {
  /** Allow (and ignore) non-whitespace text between elements. Default false. */
  readonly ignoreText?: boolean;
}

/** Parses a document with exactly one root element. */
export function parseXml(text: string, options: XmlParseOptions = {}): XmlElement {
  const p = new Parser(text, options.ignoreText === true);
  return p.document();
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly ignoreText: boolean,
  ) {}

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    this.misc();
    if (this.s[this.i] !== '<') fail('Expected a root element', this.i);
    const root = this.element();
    this.misc();
    if (this.i < this.s.length) fail('Content after the root element', this.i);
    return root;
  }

  /** Skips whitespace, comments and processing instructions (and text if allowed). */
  private misc(): void {
    const s = this.s;
    for (;;) {
      while (this.i < s.length && /\s/.test(s[this.i] as string)) this.i++;
      if (s.startsWith('<!--', this.i)) this.comment();
      else if (s.startsWith('<?', this.i)) {
        const end = s.indexOf('?>', this.i + 2);
        if (end < 0) fail('Unterminated processing instruction', this.i);
        this.i = end + 2;
      } else if (s.startsWith('<!', this.i)) {
        fail('DOCTYPE and CDATA are not accepted', this.i);
      } else if (this.i < s.length && s[this.i] !== '<') {
        const start = this.i;
        const next = s.indexOf('<', this.i);
        const end = next < 0 ? s.length : next;
        if (!this.ignoreText) fail(`Unexpected text ${JSON.stringify(s.slice(start, Math.min(end, start + 20)))}`, start);
        this.i = end;
      } else return;
    }
  }

  private comment(): void {
    const end = this.s.indexOf('-->', this.i + 4);
    if (end < 0) fail('Unterminated comment', this.i);
    this.i = end + 3;
  }

  private name(): string {
    const s = this.s;
    const start = this.i;
    if (!NAME_START.test(s[this.i] ?? '')) fail('Expected a name', this.i);
    this.i++;
    while (this.i < s.length && NAME_CHAR.test(s[this.i] as string)) this.i++;
    return s.slice(start, this.i);
  }

  private ws(): boolean {
    const start = this.i;
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
    return this.i > start;
  }

  private element(depth = 1): XmlElement {
    const s = this.s;
    const offset = this.i;
    if (depth > MAX_XML_DEPTH) fail(`Elements nested deeper than ${MAX_XML_DEPTH}`, offset);
    this.i++; // <
    const name = this.name();
    const attrs = new Map<string, string>();
    for (;;) {
      const hadWs = this.ws();
      const c = s[this.i];
      if (c === '/') {
        if (s[this.i + 1] !== '>') fail('Expected "/>"', this.i);
        this.i += 2;
        return { name, attrs, children: [], offset };
      }
      if (c === '>') {
        this.i++;
        break;
      }
      if (c === undefined) fail(`Unterminated start tag <${name}>`, offset);
      if (!hadWs) fail('Expected whitespace before an attribute', this.i);
      const aAt = this.i;
      const an = this.name();
      this.ws();
      if (s[this.i] !== '=') fail(`Expected "=" after attribute ${an}`, this.i);
      this.i++;
      this.ws();
      const q = s[this.i];
      if (q !== '"' && q !== "'") fail(`Attribute ${an} value must be quoted`, this.i);
      const end = s.indexOf(q, this.i + 1);
      if (end < 0) fail(`Unterminated value of attribute ${an}`, this.i);
      const raw = s.slice(this.i + 1, end);
      if (raw.includes('<')) fail(`"<" in the value of attribute ${an}`, this.i);
      if (attrs.has(an)) fail(`Duplicate attribute ${an}`, aAt);
      attrs.set(an, decodeXmlText(raw, this.i + 1));
      this.i = end + 1;
    }
    const children: XmlElement[] = [];
    for (;;) {
      this.misc();
      if (s.startsWith('</', this.i)) {
        const at = this.i;
        this.i += 2;
        const close = this.name();
        this.ws();
        if (s[this.i] !== '>') fail('Expected ">"', this.i);
        this.i++;
        if (close !== name) fail(`</${close}> closes <${name}>`, at);
        return { name, attrs, children, offset };
      }
      if (this.i >= s.length) fail(`Element <${name}> is not closed`, offset);
      children.push(this.element(depth + 1));
    }
  }
}
