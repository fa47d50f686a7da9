/**
 * Shapes of the generated registry tables (src/generated). Hand-written; the generator emits
 * data that conforms to these types.
 */

/** A KMIP protocol version as written in the registry: "1.0" … "2.1", "3.0". */
export type VersionString = string;

/** Version range of a registry entry: present from `since` through `until` (inclusive). */
export interface Versioned {
  readonly since: VersionString;
  readonly until?: VersionString;
}

/** Item type names used by the registry for tags ("TextString", "Varies", …). */
export type RegistryTypeName = string;

/** One tag. */
export interface TagDef extends Versioned {
  readonly tag: number;
  readonly name: string;
  readonly xmlName: string;
  readonly type: RegistryTypeName;
  readonly alternatives?: readonly RegistryTypeName[];
  readonly typeByVersion?: Readonly<Record<string, string>>;
}

/** One named value of an enumeration or mask. */
export interface NamedValue extends Versioned {
  readonly name: string;
  readonly xmlName: string;
  readonly value: number;
}

/** One enumeration. `tags` names the tags whose items take its values. */
export interface EnumDef extends Versioned {
  readonly name: string;
  readonly exportName: string;
  readonly tags: readonly string[];
  readonly values: readonly NamedValue[];
}

/** One bit mask. */
export interface MaskDef extends Versioned {
  readonly name: string;
  readonly tags: readonly string[];
  readonly bits: readonly NamedValue[];
}

/** One payload or header field, in wire order. */
export interface FieldDef {
  readonly tag: number;
  readonly xmlName: string;
  readonly required: boolean | 'conditional';
  readonly repeating: boolean;
  readonly since?: VersionString;
}

/** One operation with its payload fields per version range (e.g. "1.0-1.4"). */
export interface OperationDef extends Versioned {
  readonly name: string;
  readonly xmlName: string;
  readonly value: number;
  readonly request: Readonly<Record<string, readonly FieldDef[]>>;
  readonly response: Readonly<Record<string, readonly FieldDef[]>>;
  /** Ranges whose request payload also holds "any object" (a managed object structure). */
  readonly requestPlaceholders?: readonly string[];
  /** Ranges whose response payload also holds "any object". */
  readonly responsePlaceholders?: readonly string[];
}

/** The rules of one attribute as printed by one specification version. */
export interface AttributeRules {
  readonly shallAlwaysHaveValue?: string;
  readonly initiallySetBy?: string;
  readonly modifiableByServer?: string;
  readonly modifiableByClient?: string;
  readonly deletableByClient?: string;
  readonly singleInstance?: boolean;
  readonly whenImplicitlySet?: readonly string[];
  readonly appliesToObjectTypes?: readonly string[];
}

/** One attribute. Groups (Certificate Attributes, Links, Counters) have `tag: null`. */
export interface AttributeDef extends Versioned {
  readonly name: string;
  readonly tag: number | null;
  readonly type: RegistryTypeName;
  readonly typeByVersion?: Readonly<Record<string, string>>;
  readonly members?: readonly string[];
  readonly singleInstance: boolean;
  readonly rules: Readonly<Record<string, AttributeRules>>;
}
