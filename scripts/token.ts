/** `npm run token -- <userId> [--ttl <seconds>]`: prints a development bearer token for the gateway. */
import { parseArgs } from 'node:util';
import { issueToken } from '../gateway/auth.js';
import { jwtSettings } from '../gateway/config.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { ttl: { type: 'string', default: String(24 * 3600) } },
});
const [userId] = positionals;
if (!userId) {
  console.error('usage: npm run token -- <userId> [--ttl <seconds>]');
  process.exit(2);
}
if (!process.env.JWT_SECRET)
  console.error('(signed with the development secret; set JWT_SECRET to match your gateway)');
console.log(await issueToken(jwtSettings(), userId, Number(values.ttl)));
