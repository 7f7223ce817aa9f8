/**
 * An observer that prints the services to a terminal: each log record as one compact line
 * behind the service's name, and the supervisor's restarts and give-ups, the last loudly.
 */
import { compactLogLine } from '../log-line.js';
import { exitMessage } from './records.js';
import type { SupervisorEvent, SupervisorObserver } from './supervisor.js';

export function printToTerminal(
  nameWidth: number,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
): SupervisorObserver {
  const tag = (name: string) => `[${name}]`.padEnd(nameWidth + 2);
  return (event: SupervisorEvent) => {
    switch (event.type) {
      case 'started':
        return;
      case 'line':
        out(`${tag(event.service.name)} ${compactLogLine(event.line)}`);
        return;
      case 'exited': {
        const message = `${tag('supervisor')} ${exitMessage(event)}`;
        if (event.decision.action === 'give-up') err(`\n!!! ${message}\n`);
        else if (event.decision.action === 'restart') err(message);
        else out(message);
        return;
      }
      case 'restart-cancelled':
        out(`${tag('supervisor')} ${event.service.name} stopped while waiting to restart`);
        return;
      default: {
        const never: never = event;
        throw new Error(`unknown event ${JSON.stringify(never)}`);
      }
    }
  };
}
