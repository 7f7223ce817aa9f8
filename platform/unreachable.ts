/**
 * The end of an exhaustive switch over a tagged union: the compiler proves it is never reached,
 * and a value from a newer writer that slipped past the types fails loudly, naming its tag.
 */
export function unreachable(value: never, what: string): never {
  throw new Error(`unhandled ${what} ${(value as { readonly type?: unknown }).type as string}`);
}
