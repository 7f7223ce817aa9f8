/** A configuration the gateway refuses to start with, naming the variable and what to do. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
  }
}

export { EXIT_CODE_CONFIG } from '../../platform/exit-for-restart.js';

/** An integer environment variable within [min, max], or its default; anything else is refused. */
export function integerSetting(
  env: NodeJS.ProcessEnv,
  variable: string,
  fallback: number,
  { min, max }: { min: number; max: number },
): number {
  const raw = env[variable];
  if (raw === undefined) return fallback;
  const value = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(
      variable,
      `${variable}=${JSON.stringify(raw)} is not valid: give a whole number from ${min} to ${max} (default ${fallback}).`,
    );
  }
  return value;
}
