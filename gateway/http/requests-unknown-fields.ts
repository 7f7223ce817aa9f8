/**
 * An unknown field in a request, named as unknown: a misspelt `amount` is reported as
 * "unknown field 'amount'; did you mean 'maxAmount'?", not as a missing `maxAmount`. The fields
 * offered are those the schema knows where the unknown one stands.
 */
import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';

/** The object schema at `path` inside `schema` (through optionals, defaults and arrays). */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodObject | undefined {
  let current: unknown = schema;
  let remaining = [...path];
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
      current = current.unwrap();
    else if (current instanceof z.ZodArray && typeof remaining[0] === 'number') {
      current = current.element;
      remaining = remaining.slice(1);
    } else if (current instanceof z.ZodObject && remaining.length > 0) {
      current = (current.shape as Record<string, z.ZodType>)[String(remaining[0])];
      remaining = remaining.slice(1);
    } else return current instanceof z.ZodObject && remaining.length === 0 ? current : undefined;
  }
}

/**
 * The known name `unknown` was most likely meant as: one a typo away (case aside), or one that
 * contains it or is contained in it (`amount` → `maxAmount`). Undefined when none is close.
 */
export function meantField(unknown: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const lower = unknown.toLowerCase();
  const byLower = new Map(known.map((name) => [name.toLowerCase(), name]));
  const nearest = closest(lower, [...byLower.keys()]);
  const typo = distance(lower, nearest) <= Math.max(1, Math.floor(lower.length / 3));
  if (typo) return byLower.get(nearest);
  const containing = [...byLower].find(
    ([name]) => lower.length >= 3 && (name.includes(lower) || lower.includes(name)),
  );
  return containing?.[1];
}

export interface UnknownFields {
  /** The first unknown field, with the path to its object (`incrementTable.0.amount`). */
  readonly field: string;
  readonly detail: string;
}

/** The problem of an `unrecognized_keys` issue of `schema`: its field and a sentence naming it. */
export function unknownFields(
  schema: z.ZodType,
  issue: z.core.$ZodIssueUnrecognizedKeys,
): UnknownFields {
  const known = Object.keys(objectAt(schema, issue.path)?.shape ?? {});
  const prefix = issue.path.map(String).join('.');
  const named = (key: string) => (prefix ? `${prefix}.${key}` : key);
  const sentences = issue.keys.map((key) => {
    const meant = meantField(key, known);
    return `unknown field '${named(key)}'${meant ? `; did you mean '${named(meant)}'?` : ''}`;
  });
  return { field: named(issue.keys[0]!), detail: sentences.join('; ') };
}
