import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../stack/paths.js';
import { ConnectorError, loadConnector } from './connector.js';

const file = path.join(PROJECT_ROOT, 'connect', 'auction-outbox.json');
const values = {
  POSTGRES_HOST: 'db.internal',
  POSTGRES_PORT: '5432',
  POSTGRES_DATABASE: 'auction',
  POSTGRES_REPLICATION_USER: 'debezium',
  POSTGRES_REPLICATION_PASSWORD: 's3cret',
};

describe('the outbox connector definition', () => {
  it('fills its placeholders and leaves Debezium expressions alone', async () => {
    const { name, config } = await loadConnector(file, values);
    expect(name).toBe('auction-outbox');
    expect(config['database.hostname']).toBe('db.internal');
    expect(config['database.password']).toBe('s3cret');
    expect(config['transforms.outbox.route.topic.replacement']).toBe('${routedByValue}.events');
    expect(JSON.stringify(config)).not.toMatch(/\{\{/);
  });

  it('reads the outbox through pgoutput and the publication limited to it', async () => {
    const { config } = await loadConnector(file, values);
    expect(config).toMatchObject({
      'plugin.name': 'pgoutput',
      'publication.name': 'auction_outbox',
      'publication.autocreate.mode': 'disabled',
      'table.include.list': 'public.auction_events',
      'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.outbox.table.field.event.key': 'auction_id',
    });
    expect(config['transforms.outbox.table.fields.additional.placement']).toContain(
      'event_id:header:eventId',
    );
    expect(config['transforms.outbox.table.fields.additional.placement']).toContain(
      'type:header:eventType',
    );
  });

  it('names a placeholder it has no value for', async () => {
    const { POSTGRES_HOST: _omitted, ...rest } = values;
    await expect(loadConnector(file, rest)).rejects.toThrow(ConnectorError);
    await expect(loadConnector(file, rest)).rejects.toThrow('{{POSTGRES_HOST}}');
  });
});
