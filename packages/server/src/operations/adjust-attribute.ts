/**
 * Adjust Attribute [KMIP 2.1 §6.1.3, Adjustment Type §11.1; 2.0+]: changes a numeric or Boolean
 * attribute relative to its value. Increment / Decrement add / subtract the Adjustment Value
 * (default 1: one second for a Date-Time, one microsecond for a Date Time Extended) to an
 * Integer, Long Integer, Big Integer, Interval, Date-Time or Date Time Extended value; Negate
 * negates an Integer, Long Integer or Big Integer, or inverts a Boolean. An object without the
 * attribute is taken to have 0 (false); the attribute is then added, with the rights of Add
 * Attribute. The type comes from the registry for standard attributes and from the value for
 * custom ones (for a custom attribute the object does not have, from the Adjustment Value).
 * Otherwise it behaves like Set Attribute (./set-attribute.ts): read-only rules, state rules
 * (Adjusting the Activation Date of a Pre-Active key to a time that has come activates it),
 * Last Change Date.
 *
 * Result Reasons: Item Not Found (also: a custom attribute the object does not have and whose
 * type no Adjustment Value tells); Permission Denied (another client's object); Object Archived;
 * Invalid Attribute for an attribute KMIP 2.x does not define or one that does not apply to the
 * object's type; Read Only Attribute (the reason of the 2.1 Adjust Attribute table) for an
 * attribute clients may not change; Multi Valued Attribute when the object has several instances;
 * Invalid Data Type for a value or an Adjustment Value the adjustment does not apply to; Numeric
 * Range when the result does not fit the type; Wrong Key Lifecycle State for a state rule.
 */
import {
  AdjustmentType,
  attributeTagForName,
  INT32_MAX,
  INT32_MIN,
  INT64_MAX,
  INT64_MIN,
  isTtlvNode,
  ItemType,
  itemTypeByName,
  KmipError,
  Operation,
  ResultReason,
  Tag,
  tagDef,
  UINT32_MAX,
  type AttributeValue,
  type GenericAttributeValue,
  type TtlvNode,
} from '@keyhold/protocol';
import { isCustomAttribute } from '../attributes/policy.js';
import { defineOperation } from './context.js';
import { checkApplies, checkAttributeName, checkClientMay, checkStateRules, commitChange } from './attribute-change.js';

/** How a value is held in the canonical model: plain JavaScript, or a generic TTLV item (custom attributes). */
type Form = 'plain' | 'node';

const ADJUSTABLE = new Set<number>([
  ItemType.Integer,
  ItemType.LongInteger,
  ItemType.BigInteger,
  ItemType.Interval,
  ItemType.DateTime,
  ItemType.DateTimeExtended,
  ItemType.Boolean,
]);

function typeOfValue(v: AttributeValue): { type: number; form: Form } | undefined {
  if (typeof v === 'number') return { type: ItemType.Integer, form: 'plain' };
  if (typeof v === 'bigint') return { type: ItemType.LongInteger, form: 'plain' };
  if (typeof v === 'boolean') return { type: ItemType.Boolean, form: 'plain' };
  if (isTtlvNode(v)) return { type: v.type, form: 'node' };
  return undefined;
}

function numericParameter(v: GenericAttributeValue | undefined, type: number): bigint {
  if (v === undefined) return 1n;
  if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
  if (isTtlvNode(v) && v.type !== ItemType.Boolean && ADJUSTABLE.has(v.type)) return BigInt(v.value as number | bigint);
  throw new KmipError(ResultReason.InvalidDataType, `the Adjustment Value must be a number for an attribute of type ${ITEM_NAMES.get(type) ?? type}`);
}

const ITEM_NAMES = new Map<number, string>(Object.entries(ItemType).map(([k, n]) => [n, k]));

const RANGES = new Map<number, readonly [bigint, bigint]>([
  [ItemType.Integer, [BigInt(INT32_MIN), BigInt(INT32_MAX)]],
  [ItemType.Interval, [0n, BigInt(UINT32_MAX)]],
  [ItemType.LongInteger, [INT64_MIN, INT64_MAX]],
  [ItemType.DateTime, [INT64_MIN, INT64_MAX]],
  [ItemType.DateTimeExtended, [INT64_MIN, INT64_MAX]],
]);

/** The adjusted value as a bigint or boolean. */
function adjusted(type: number, current: bigint | boolean, adjustment: number, param: GenericAttributeValue | undefined): bigint | boolean {
  const name = ITEM_NAMES.get(type) ?? String(type);
  if (adjustment === AdjustmentType.Negate) {
    if (param !== undefined) throw new KmipError(ResultReason.InvalidField, 'Negate takes no Adjustment Value');
    if (typeof current === 'boolean') return !current;
    if (type === ItemType.Interval || type === ItemType.DateTime || type === ItemType.DateTimeExtended) {
      throw new KmipError(ResultReason.InvalidDataType, `an attribute of type ${name} cannot be negated`);
    }
    return -current;
  }
  if (adjustment !== AdjustmentType.Increment && adjustment !== AdjustmentType.Decrement) {
    throw new KmipError(ResultReason.InvalidField, `Adjustment Type ${adjustment} is not supported`);
  }
  if (typeof current === 'boolean') throw new KmipError(ResultReason.InvalidDataType, 'a Boolean attribute can only be negated');
  const p = numericParameter(param, type);
  return adjustment === AdjustmentType.Increment ? current + p : current - p;
}

function inRange(type: number, v: bigint): void {
  const r = RANGES.get(type);
  if (r !== undefined && (v < r[0] || v > r[1])) {
    throw new KmipError(ResultReason.NumericRange, `the adjusted value ${v} does not fit a${type === ItemType.Interval ? 'n' : ''} ${ITEM_NAMES.get(type) ?? type}`);
  }
}

/** The canonical value of type `type` in form `form`. */
function toValue(type: number, form: Form, v: bigint | boolean): AttributeValue {
  if (typeof v === 'boolean') return form === 'node' ? { tag: Tag.AttributeValue, type: ItemType.Boolean, value: v } : v;
  inRange(type, v);
  const small = type === ItemType.Integer || type === ItemType.Interval;
  if (form === 'plain') return small ? Number(v) : v;
  return (small ? { tag: Tag.AttributeValue, type, value: Number(v) } : { tag: Tag.AttributeValue, type, value: v }) as TtlvNode;
}

function asBigOrBool(v: AttributeValue): bigint | boolean {
  if (typeof v === 'boolean' || typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(v);
  if (isTtlvNode(v) && ADJUSTABLE.has(v.type)) return typeof v.value === 'boolean' ? v.value : BigInt(v.value as number | bigint);
  throw new KmipError(ResultReason.InvalidDataType, 'the attribute value cannot be adjusted');
}

export const adjustAttribute = defineOperation(Operation.AdjustAttribute, async (req, ctx) => {
  const uid = ctx.batch.resolve(req.uniqueIdentifier);
  const obj = await ctx.objects.load(uid);
  const name = req.attributeReference;
  checkAttributeName(name, ctx);
  const all = obj.all(name);
  const existing = all[0];
  checkClientMay(name, existing === undefined ? 'add' : 'change', ResultReason.ReadOnlyAttribute, ctx);
  if (existing === undefined) checkApplies(obj, name, ctx);
  if (all.length > 1) throw new KmipError(ResultReason.MultiValuedAttribute, `the object has ${all.length} instances of ${JSON.stringify(name)}`);

  // The attribute's item type and the form its value takes in the canonical model.
  let type: number | undefined;
  let form: Form = 'plain';
  if (isCustomAttribute(name)) {
    const t = existing?.value !== undefined ? typeOfValue(existing.value) : req.adjustmentValue !== undefined ? typeOfValue(req.adjustmentValue) : undefined;
    if (t === undefined && existing === undefined) throw new KmipError(ResultReason.ItemNotFound, `the object has no ${JSON.stringify(name)} attribute and no Adjustment Value tells its type`);
    type = t?.type;
    form = t?.form ?? 'plain';
  } else {
    const tag = attributeTagForName(name);
    const def = tag === undefined ? undefined : tagDef(tag);
    type = def === undefined ? undefined : itemTypeByName(def.type);
  }
  if (type === undefined || !ADJUSTABLE.has(type)) {
    throw new KmipError(ResultReason.InvalidDataType, `attribute ${JSON.stringify(name)} is not a number or a Boolean and cannot be adjusted`);
  }
  const current = existing?.value !== undefined ? asBigOrBool(existing.value) : type === ItemType.Boolean ? false : 0n;
  const value = toValue(type, form, adjusted(type, current, req.adjustmentType, req.adjustmentValue));
  checkStateRules(obj, name, existing, ctx);
  if (existing === undefined) obj.add(name, value);
  else obj.replace(name, existing.index ?? 0, value);
  await commitChange(obj, ctx);
  return { uniqueIdentifier: uid };
});
