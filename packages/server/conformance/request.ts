/**
 * Builds the request of a step from its template (README §3): `$NOW±s` becomes the current time
 * ± s; a placeholder bound by an earlier response takes the bound value; `…_RANDOM_n` placeholders
 * get a fresh invented value; a placeholder first seen in a request takes the value of the latest
 * earlier response element with the same tag.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ItemType, Tag, type TtlvNode, type TtlvPrimitive } from '@keyhold/protocol';
import { IDENTIFIER_TAGS } from './compare.js';
import { isClientInvented } from './placeholders.js';
import { isTextType, retype, valueKey, type FileState } from './state.js';
import { tagName, type TNode, type TPlaceholder, type TestStep } from './testcase.js';
import { attributeTag } from './tree.js';
import { RULES } from './rules.js';

/** A request placeholder that has no value. */
export class PlaceholderError extends Error {
  override readonly name = 'PlaceholderError';
}

/** Builds the request message of a step; `now` in seconds since the epoch. */
export function buildRequest(step: TestStep, file: FileState, now: bigint): TtlvNode {
  const scope = file.scope;

  const literal = (node: TtlvPrimitive, eff: number): TtlvPrimitive => {
    if (IDENTIFIER_TAGS.has(eff) && (isTextType(node.type) || node.type === ItemType.ByteString)) {
      const bound = scope.get('=' + valueKey(node));
      if (bound) {
        // README §3: a real identifier printed in an earlier response is a variable item.
        const v = retype(bound.value, node.tag, node.type);
        if (v) {
          if (!(v.type === node.type && valueKey(v) === valueKey(node))) scope.noteRule(RULES.identifierLiteral.id);
          return v;
        }
      }
      file.identifiersSent.add(valueKey(node));
    }
    if (node.type === ItemType.ByteString) {
      const echoed = scope.echo(node);
      if (echoed) {
        const v = retype(echoed, node.tag, node.type);
        if (v) {
          scope.noteRule(RULES.variableOutputEcho.id);
          return v;
        }
      }
    }
    if (eff === Tag.ObjectGroup && node.type === ItemType.TextString) file.objectGroupsSent.add(node.value);
    if (node.type === ItemType.DateTime) {
      let set = file.fixedDateTimes.get(eff);
      if (!set) file.fixedDateTimes.set(eff, (set = new Set()));
      set.add(node.value);
    }
    return node;
  };

  const placeholder = (t: TPlaceholder): TtlvPrimitive => {
    if (t.nowOffset !== undefined) {
      if (t.type === ItemType.DateTime) return { tag: t.tag, type: t.type, value: now + t.nowOffset };
      if (t.type === ItemType.DateTimeExtended) return { tag: t.tag, type: t.type, value: (now + t.nowOffset) * 1_000_000n };
      throw new PlaceholderError(`${t.text} in ${tagName(t.tag)} is not a Date-Time`);
    }
    const bound = scope.get(t.name);
    if (bound) {
      const v = retype(bound.value, t.tag, t.type);
      if (!v) throw new PlaceholderError(`${t.text} in ${tagName(t.tag)} is bound to a value of another item type`);
      return v;
    }
    if (step.expectedEarlier.has(t.name)) {
      // It should have been bound by an earlier response, which did not carry it (that step failed).
      throw new PlaceholderError(`${t.text} in ${tagName(t.tag)} has no value: the earlier response that should have carried it did not`);
    }
    let value: TtlvPrimitive | undefined;
    if (isClientInvented(t.name)) {
      // README §3: "client must invent a fresh unique value and reuse it consistently".
      if (isTextType(t.type)) value = { tag: t.tag, type: t.type as typeof ItemType.TextString, value: randomUUID() };
      else if (t.type === ItemType.ByteString) value = { tag: t.tag, type: t.type, value: randomBytes(16) };
      if (value) scope.noteRule(RULES.clientInvented.id);
    } else {
      // README §3: first seen in a request — the value of the earlier response element of the same tag.
      const last = scope.lastByTag(t.tag);
      value = last ? retype(last, t.tag, t.type) : undefined;
      if (value) scope.noteRule(RULES.requestFirstByTag.id);
    }
    if (!value) throw new PlaceholderError(`${t.text} in ${tagName(t.tag)} has no value: no earlier response bound it`);
    scope.bind(t.name, value, step.index);
    return value;
  };

  const walk = (t: TNode, eff: number): TtlvNode => {
    if (t.kind === 'structure') {
      let attr: number | undefined;
      const value = t.children.map((c) => {
        if (c.tag === Tag.AttributeName && c.kind === 'literal' && typeof c.node.value === 'string') attr = attributeTag(c.node.value);
        return walk(c, c.tag === Tag.AttributeValue && attr !== undefined ? attr : c.tag);
      });
      return { tag: t.tag, type: ItemType.Structure, value };
    }
    if (t.kind === 'literal') return literal(t.node, eff);
    return placeholder(t);
  };
  return walk(step.request, step.request.tag);
}
