/**
 * An Avro schema (schemas/*.avsc) as the JSON Schema of its records written as plain JSON, the
 * way events leave the outbox and reach WebSocket clients: a union is its value itself (no Avro
 * JSON-encoding wrapper), a long a JSON integer. Only what the project's schemas use is mapped;
 * anything else is refused rather than guessed.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

type AvroSchema = string | readonly AvroSchema[] | { readonly [key: string]: unknown };

interface AvroField {
  readonly name: string;
  readonly type: AvroSchema;
  readonly doc?: string;
  readonly default?: unknown;
}

export class UnmappedAvroType extends Error {
  override readonly name = 'UnmappedAvroType';
}

const PRIMITIVES: Readonly<Record<string, JsonSchema>> = {
  null: { type: 'null' },
  boolean: { type: 'boolean' },
  int: { type: 'integer' },
  long: { type: 'integer' },
  float: { type: 'number' },
  double: { type: 'number' },
  string: { type: 'string' },
};

const withDoc = (schema: JsonSchema, doc: unknown): JsonSchema =>
  typeof doc === 'string' && doc !== '' ? { ...schema, description: doc } : schema;

/** `schema` as JSON Schema; `named` collects the named types seen, for later references. */
function mapType(
  schema: AvroSchema,
  named: Map<string, JsonSchema>,
  namespace: string,
): JsonSchema {
  if (typeof schema === 'string') {
    const primitive = PRIMITIVES[schema];
    if (primitive) return primitive;
    const reference = named.get(schema) ?? named.get(`${namespace}.${schema}`);
    if (reference) return reference;
    throw new UnmappedAvroType(`unknown Avro type name ${schema}`);
  }
  if (Array.isArray(schema))
    return { anyOf: schema.map((branch: AvroSchema) => mapType(branch, named, namespace)) };
  const complex = schema as Readonly<Record<string, unknown>>;
  const type = complex.type as AvroSchema;
  switch (type) {
    case 'record': {
      const ownNamespace = typeof complex.namespace === 'string' ? complex.namespace : namespace;
      const fields = complex.fields as readonly AvroField[];
      const record = withDoc(
        {
          type: 'object',
          properties: Object.fromEntries(
            fields.map((f) => [f.name, withDoc(mapType(f.type, named, ownNamespace), f.doc)]),
          ),
          // A field with a default may be left out: readers fill it in.
          required: fields.filter((f) => !('default' in f)).map((f) => f.name),
          additionalProperties: false,
        },
        complex.doc,
      );
      named.set(`${ownNamespace}.${String(complex.name)}`, record);
      return record;
    }
    case 'enum':
      return withDoc({ type: 'string', enum: complex.symbols }, complex.doc);
    case 'array':
      return { type: 'array', items: mapType(complex.items as AvroSchema, named, namespace) };
    case 'map':
      return {
        type: 'object',
        additionalProperties: mapType(complex.values as AvroSchema, named, namespace),
      };
    default:
      // A primitive written as an object ({"type": "long", "logicalType": …}).
      if (typeof type === 'string' && PRIMITIVES[type]) return PRIMITIVES[type];
      throw new UnmappedAvroType(`unmapped Avro type ${JSON.stringify(type)}`);
  }
}

/** The JSON Schema of a top-level record schema's values, written as plain JSON. */
export function avroToJsonSchema(schema: unknown): JsonSchema {
  return mapType(schema as AvroSchema, new Map(), '');
}
