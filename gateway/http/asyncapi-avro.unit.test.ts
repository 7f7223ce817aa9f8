/** The Avro → JSON Schema mapping of the live feed's event records: expectations written out. */
import { describe, expect, it } from 'vitest';
import { avroToJsonSchema, UnmappedAvroType } from './asyncapi-avro.js';

describe('an Avro record as JSON Schema', () => {
  it('maps primitives, unions, enums, arrays and a named record used again', () => {
    const schema = {
      type: 'record',
      name: 'Lot',
      namespace: 'test',
      doc: 'A lot.',
      fields: [
        { name: 'id', type: 'string', doc: 'Its id.' },
        { name: 'count', type: 'long' },
        { name: 'reserve', type: ['null', 'long'], default: null },
        { name: 'state', type: { type: 'enum', name: 'State', symbols: ['open', 'closed'] } },
        {
          name: 'steps',
          type: {
            type: 'array',
            items: {
              type: 'record',
              name: 'Step',
              fields: [{ name: 'from', type: 'long' }],
            },
          },
        },
        { name: 'first', type: ['null', 'Step'], default: null },
      ],
    };
    const step = {
      type: 'object',
      properties: { from: { type: 'integer' } },
      required: ['from'],
      additionalProperties: false,
    };
    expect(avroToJsonSchema(schema)).toEqual({
      type: 'object',
      description: 'A lot.',
      properties: {
        id: { type: 'string', description: 'Its id.' },
        count: { type: 'integer' },
        reserve: { anyOf: [{ type: 'null' }, { type: 'integer' }] },
        state: { type: 'string', enum: ['open', 'closed'] },
        steps: { type: 'array', items: step },
        first: { anyOf: [{ type: 'null' }, step] },
      },
      required: ['id', 'count', 'state', 'steps'],
      additionalProperties: false,
    });
  });

  it('refuses a type it does not map rather than guess', () => {
    const fixed = {
      type: 'record',
      name: 'R',
      fields: [{ name: 'f', type: { type: 'fixed', size: 4 } }],
    };
    expect(() => avroToJsonSchema(fixed)).toThrow(UnmappedAvroType);
    expect(() =>
      avroToJsonSchema({ type: 'record', name: 'R', fields: [{ name: 'f', type: 'Nowhere' }] }),
    ).toThrow(/unknown Avro type name Nowhere/);
  });
});
