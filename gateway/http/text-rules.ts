/**
 * Characters a stored text (a title, an item id, an external ref) may not hold, beyond the control
 * characters and lone surrogates `requests.ts` already refuses (issue 22 §4). Each either hides:
 * what a person reads is not what is stored, so two different ids look the same, or a title
 * shows another text than it holds:
 * - format characters (Unicode category Cf): the bidi controls that reorder what follows them
 *   (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), the zero-width ones (U+200B-U+200D,
 *   U+2060, U+FEFF), the soft hyphen, the tag characters. The cost: an emoji joined with U+200D
 *   (a family, a profession) is refused too; its parts, written separately, are not.
 * - line and paragraph separators (U+2028, U+2029): line breaks, as a newline is.
 * - non-characters (U+FDD0-U+FDEF and the last two code points of every plane, U+xFFFE and
 *   U+xFFFF): Unicode reserves them for a program's own use, never for interchange.
 */

/** U+FDD0-U+FDEF and U+xFFFE, U+xFFFF of each of the 17 planes. */
const NONCHARACTER = new RegExp(
  `[\\u{FDD0}-\\u{FDEF}${Array.from({ length: 17 }, (_, plane) => {
    const last = (plane * 0x10000 + 0xfffe).toString(16);
    return `\\u{${last}}\\u{${(plane * 0x10000 + 0xffff).toString(16)}}`;
  }).join('')}]`,
  'u',
);
const HIDDEN = /[\p{Cf}\p{Zl}\p{Zp}]/u;

const codePoint = (character: string) =>
  `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` may not be stored as a name or an id, naming the first offending character. */
export function hiddenCharacterProblem(text: string): string | undefined {
  for (const character of text) {
    if (HIDDEN.test(character))
      return `must not contain invisible, direction-changing or line-separating characters (${codePoint(character)})`;
    if (NONCHARACTER.test(character))
      return `must not contain Unicode non-characters (${codePoint(character)})`;
  }
  return undefined;
}
