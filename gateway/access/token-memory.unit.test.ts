/** A verified token is verified once, answered from memory until it expires, then refused again. */
import { describe, expect, it } from 'vitest';
import { rememberingVerifier, type TokenClaims } from './auth.js';
import { unauthorized } from '../http/problems.js';

function countingVerifier(claims: Record<string, TokenClaims>) {
  const calls: string[] = [];
  const verify = (token: string) => {
    calls.push(token);
    const found = claims[token];
    return found ? Promise.resolve(found) : Promise.reject(unauthorized('not valid'));
  };
  return { calls, verify };
}

describe('rememberingVerifier', () => {
  it('verifies a token once while it is valid', async () => {
    const { calls, verify } = countingVerifier({ t1: { userId: 'alice', expiresAtMs: 10_000 } });
    const remembering = rememberingVerifier(verify, () => 5_000);
    expect(await remembering('t1')).toBe('alice');
    expect(await remembering('t1')).toBe('alice');
    expect(await remembering('t1')).toBe('alice');
    expect(calls).toEqual(['t1']);
  });

  it('verifies again once the token has expired, so the refusal says why', async () => {
    let clock = 5_000;
    const claims: Record<string, TokenClaims> = { t1: { userId: 'alice', expiresAtMs: 10_000 } };
    const { calls, verify } = countingVerifier(claims);
    const remembering = rememberingVerifier(verify, () => clock);
    await remembering('t1');
    clock = 10_000;
    delete claims.t1; // what the real verifier says of an expired token: not valid
    await expect(remembering('t1')).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual(['t1', 't1']);
  });

  it('never remembers a refusal', async () => {
    const { calls, verify } = countingVerifier({});
    const remembering = rememberingVerifier(verify, () => 0);
    await expect(remembering('forged')).rejects.toMatchObject({ status: 401 });
    await expect(remembering('forged')).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual(['forged', 'forged']);
  });

  it('forgets the oldest token past its bound', async () => {
    const { calls, verify } = countingVerifier({
      a: { userId: 'a', expiresAtMs: 10_000 },
      b: { userId: 'b', expiresAtMs: 10_000 },
      c: { userId: 'c', expiresAtMs: 10_000 },
    });
    const remembering = rememberingVerifier(verify, () => 0, 2);
    for (const token of ['a', 'b', 'c', 'c', 'b', 'a']) await remembering(token);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});

describe('rememberingVerifier with keys that change', () => {
  it('checks a remembered token again once the keys were fetched anew', async () => {
    const claims: Record<string, TokenClaims> = { t1: { userId: 'alice', expiresAtMs: 10_000 } };
    const { calls, verify } = countingVerifier(claims);
    let keysVersion = 1;
    const remembering = rememberingVerifier(
      verify,
      () => 0,
      10,
      () => keysVersion,
    );
    await remembering('t1');
    await remembering('t1');
    expect(calls).toEqual(['t1']);
    keysVersion = 2;
    delete claims.t1; // its key was withdrawn
    await expect(remembering('t1')).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual(['t1', 't1']);
  });
});
