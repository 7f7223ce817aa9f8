/**
 * A schema registry in memory for unit tests: the Confluent wire format (magic byte 0, the
 * schema id as 4 bytes big-endian, the Avro body) over avsc, with ids given in file order.
 */
import avro from 'avsc';
import { loadSchemas } from '../schemas/registry.js';
import { SCHEMAS_DIR } from '../schemas/location.js';
import type { CommandRegistry, CommandType } from './commands.js';
import { isCommandType } from './commands.js';
import { COMMAND_NAMESPACE } from './generated/commands.js';

export async function fakeRegistry() {
  const schemas = await loadSchemas(SCHEMAS_DIR);
  const types = schemas.map((s) => avro.Type.forSchema(JSON.parse(s.schema) as avro.Schema));
  const schemaIds = new Map<CommandType, number>();
  schemas.forEach((s, i) => {
    const type = s.subject.slice(COMMAND_NAMESPACE.length + 1);
    if (s.subject.startsWith(`${COMMAND_NAMESPACE}.`) && isCommandType(type))
      schemaIds.set(type, i + 1);
  });
  const typeOf = (id: number) => {
    const type = types[id - 1];
    if (!type) throw new Error(`no schema with id ${id}`);
    return type;
  };
  const registry: CommandRegistry = {
    encode: (id: number, value: unknown) => {
      const head = Buffer.alloc(5);
      head.writeInt32BE(id, 1);
      return Promise.resolve(Buffer.concat([head, typeOf(id).toBuffer(value)]));
    },
    decode: (buffer: Buffer) => {
      if (buffer.length < 5 || buffer[0] !== 0)
        return Promise.reject(new Error('Message encoded with magic byte'));
      return Promise.resolve(typeOf(buffer.readInt32BE(1)).fromBuffer(buffer.subarray(5)));
    },
  };
  return { registry, schemaIds, schemas };
}
