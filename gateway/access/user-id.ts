/**
 * What a user id may be, the same everywhere one enters: a token's subject (HTTP and WebSocket),
 * `POST /dev/token`, `npm run token`, and the paths and filters that name a user.
 *
 * 1-64 characters (code points) of Unicode letters and their combining marks, digits, and
 * `.`, `_`, `@`, `'`, `-`, with single spaces between words (none at either end). So "alice",
 * "bidder-4ef05a25c2", "o'brien@example.com", "Zoë Smith" and "山田 太郎" are user ids; a control
 * character (NUL included), a tab or newline, a run of spaces or a blank name is not.
 *
 * The look-alike policy (issue 22 §4): one person, one way to write their name, and no name that
 * reads as another or as nothing.
 * - Unicode NFKC form. Compatibility forms fold to their plain letters under NFKC: fullwidth
 *   `ａｌｉｃｅ` is `alice`, the ligature `ﬁ` is `fi`, a no-break space is a space. A name a person
 *   types (`POST /dev/token`, through `normalizeUserId`) is normalised so; a token's subject is
 *   not: one that is not already NFKC is refused (401), never mapped, because a subject is the
 *   identity provider's key for an account, and mapping `ａｌｉｃｅ` onto `alice` would let
 *   whoever holds the first act as the second. Paths and filters refuse such names (none exist).
 * - No default-ignorable code point: the blank-looking fillers that Unicode counts as letters
 *   (Hangul fillers U+3164, U+115F, U+1160, U+FFA0), zero-width characters, variation selectors,
 *   the combining grapheme joiner. `ㅤ` (U+3164) alone or `alice` with one is refused.
 * - Letters of at most one of the Latin, Greek and Cyrillic scripts, whose letters look alike:
 *   `аlice` with a Cyrillic `а` is refused, and so is any other mix of the three. Letters of other
 *   scripts may stand beside them ("Tarō 山田"). Not done: a name written wholly in one script that
 *   looks like a name in another (Cyrillic `асе` beside Latin `ace`), or look-alikes within a
 *   script (`rn` and `m`, `l` and `I`): no rule on characters alone tells those apart without
 *   refusing real names.
 */

const USER_ID = /^[\p{L}\p{M}\p{N}._@'-]+(?: [\p{L}\p{M}\p{N}._@'-]+)*$/u;
export const USER_ID_MAX_LENGTH = 64;

/** Blank-looking or invisible: Hangul fillers, zero-width characters, variation selectors… */
const BLANK_LOOKING = /\p{Default_Ignorable_Code_Point}/u;
/** Scripts whose letters are confused with one another; a user id uses at most one. */
const LOOK_ALIKE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Greek}/u, /\p{Script=Cyrillic}/u];

export const USER_ID_RULE =
  "1-64 letters, digits, single spaces between words, or . _ @ ' - (Unicode NFKC; no control, invisible or filler characters; Latin, Greek and Cyrillic letters not mixed)";

export function isUserId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    [...value].length <= USER_ID_MAX_LENGTH &&
    USER_ID.test(value) &&
    value === value.normalize('NFKC') &&
    !BLANK_LOOKING.test(value) &&
    LOOK_ALIKE_SCRIPTS.filter((script) => script.test(value)).length <= 1
  );
}

/**
 * A name as a person typed it, in the form a user id takes: NFKC (fullwidth and other
 * compatibility forms folded), without white space at either end. Whether the result is a user
 * id is `isUserId`'s to say.
 */
export const normalizeUserId = (typed: string): string => typed.normalize('NFKC').trim();
