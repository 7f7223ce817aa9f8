// @ts-check
/**
 * A bidder's name as others see it on the page, as eBay shows it: the first and last character
 * with three stars between ("d***a" for "dana"), so a bidder is recognisable in the standings
 * and history without being named. A name of one or two characters would be all but given away
 * by its first and last, so it reads "***" (nothing of it shown). The reader sees their own name
 * in full. Characters are counted as people see them (an accented letter is one, however it is
 * encoded). Plain JavaScript so that the page imports it as it is; the API itself is not masked.
 */

const STARS = '***';
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `name` as `reader` (the signed-in user, or null) may see it.
 * @template {string | null | undefined} N
 * @param {N} name
 * @param {string | null | undefined} reader
 * @returns {N | string}
 */
export function maskName(name, reader) {
  if (!name || name === reader) return name;
  const characters = Array.from(segmenter.segment(name), (s) => s.segment);
  if (characters.length <= 2) return STARS;
  return `${characters[0]}${STARS}${characters[characters.length - 1]}`;
}
