import * as cdktf from "cdktf";

/** Schema type of one Terraform argument, as the provider's docs state it (`String`, `Number`, ...). */
export type AttributeKind = "string" | "number" | "boolean" | "stringList" | "stringMap" | "blockList" | "blockSet";

/** One argument of a hand-written binding: its schema type and the configured value (`undefined` = not set). */
export interface Attribute {
  /** Schema type; picks the cdktf mapper that checks and renders the value. */
  readonly kind: AttributeKind;
  /** The configured value, a token, or `undefined` to leave the argument out. */
  readonly value: unknown;
}

/** Arguments of one resource or provider block, keyed by their exact Terraform (snake_case) names. */
export type AttributeTable = Readonly<Record<string, Attribute>>;

/** A `String` argument. */
export function stringAttr(value: string | undefined): Attribute {
  return { kind: "string", value };
}

/** A `Number` argument. */
export function numberAttr(value: number | undefined): Attribute {
  return { kind: "number", value };
}

/** A `Boolean` argument. */
export function booleanAttr(value: boolean | cdktf.IResolvable | undefined): Attribute {
  return { kind: "boolean", value };
}

/** A `List of String` argument. */
export function stringListAttr(value: readonly string[] | undefined): Attribute {
  return { kind: "stringList", value };
}

/** A `Map of String` argument. */
export function stringMapAttr(value: Readonly<Record<string, string>> | undefined): Attribute {
  return { kind: "stringMap", value };
}

/**
 * Nested blocks of a `TypeList` with `Elem: &schema.Resource{...}` (e.g. `rule { ... }`), each given as its own
 * argument table; an empty array renders no block.
 */
export function blockListAttr(blocks: readonly AttributeTable[] | undefined): Attribute {
  return { kind: "blockList", value: blocks };
}

/** Nested blocks of a `TypeSet` with `Elem: &schema.Resource{...}` (e.g. `permissions { ... }`): order is not kept. */
export function blockSetAttr(blocks: readonly AttributeTable[] | undefined): Attribute {
  return { kind: "blockSet", value: blocks };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the cdktf mappers are typed `(x: any) => any`
type Mapper = (value: any) => any;

const JSON_MAPPERS: Readonly<Record<AttributeKind, Mapper>> = {
  string: cdktf.stringToTerraform,
  number: cdktf.numberToTerraform,
  boolean: cdktf.booleanToTerraform,
  stringList: cdktf.listMapper(cdktf.stringToTerraform, false),
  stringMap: cdktf.hashMapper(cdktf.stringToTerraform),
  blockList: (blocks: readonly AttributeTable[]) => blocks.map(toTerraformAttributes),
  blockSet: (blocks: readonly AttributeTable[]) => blocks.map(toTerraformAttributes),
};

const HCL_MAPPERS: Readonly<
  Record<AttributeKind, { mapper: Mapper; type: "simple" | "list" | "set" | "map"; isBlock?: true }>
> = {
  string: { mapper: cdktf.stringToHclTerraform, type: "simple" },
  number: { mapper: cdktf.numberToHclTerraform, type: "simple" },
  boolean: { mapper: cdktf.booleanToHclTerraform, type: "simple" },
  stringList: { mapper: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false), type: "list" },
  stringMap: { mapper: cdktf.hashMapperHcl(cdktf.stringToHclTerraform), type: "map" },
  blockList: {
    mapper: (blocks: readonly AttributeTable[]) => blocks.map(toHclAttributes),
    type: "list",
    isBlock: true,
  },
  blockSet: { mapper: (blocks: readonly AttributeTable[]) => blocks.map(toHclAttributes), type: "set", isBlock: true },
};

/** The JSON (`cdk.tf.json`) attributes of a block: set arguments only, values checked by the cdktf mappers. */
export function toTerraformAttributes(table: AttributeTable): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .filter(([, attribute]) => attribute.value !== undefined)
      .map(([name, attribute]) => [name, JSON_MAPPERS[attribute.kind](attribute.value)]),
  );
}

/** The same attributes in the shape cdktf's HCL renderer expects (`App({ hclOutput: true })`). */
export function toHclAttributes(table: AttributeTable): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table)
      .filter(([, attribute]) => attribute.value !== undefined)
      .map(([name, attribute]) => {
        const { mapper, type, isBlock = false } = HCL_MAPPERS[attribute.kind];
        return [name, { value: mapper(attribute.value), isBlock, type, storageClassType: attribute.kind }];
      }),
  );
}
