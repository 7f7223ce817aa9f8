/** The stack's command line: `tsx stack/cli.ts up|down|status|logs …` (see README, "The local stack"). */
import { parseArgs } from 'node:util';
import { stackDown } from './down.js';
import { StackError } from './errors.js';
import { stackLogs } from './logs.js';
import { stackEndpoints } from './cluster-size.js';
import { formatKafkaHealth, kafkaHealth } from './kafka-health.js';
import { stackPaths } from './paths.js';
import { formatStatus, knownServicesStatus, stackStatus } from './status.js';
import { stackUp } from './up.js';

const USAGE = `usage: stack up | down [component] [--purge] | status [--json] | logs [component|service] [--follow] [--lines N] [--raw]`;

async function main(argv: string[]) {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'up':
      parseArgs({ args: rest, options: {} });
      await stackUp();
      return;
    case 'down': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { purge: { type: 'boolean', default: false } },
      });
      await stackDown({
        purge: values.purge,
        ...(positionals[0] === undefined ? {} : { only: positionals[0] }),
      });
      return;
    }
    case 'status': {
      const { values } = parseArgs({
        args: rest,
        options: { json: { type: 'boolean', default: false } },
      });
      const components = await stackStatus();
      const services = knownServicesStatus();
      const endpoints = stackEndpoints(stackPaths());
      const kafka = await kafkaHealth(endpoints);
      console.log(
        values.json
          ? JSON.stringify({ components, kafka: kafka ?? null, services }, null, 2)
          : [
              formatStatus(components, services),
              '',
              ...formatKafkaHealth(kafka, endpoints.kafkaBrokers),
            ].join('\n'),
      );
      return;
    }
    case 'logs': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          follow: { type: 'boolean', short: 'f', default: false },
          lines: { type: 'string', default: '100' },
          raw: { type: 'boolean', default: false },
        },
      });
      await stackLogs(positionals[0], {
        follow: values.follow,
        lines: Number(values.lines),
        raw: values.raw,
      });
      return;
    }
    default:
      throw new StackError(USAGE);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (
    error instanceof StackError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`stack: ${(error as Error).message}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
