/**
 * A periodic report (a sink's lag and counts every 10 s) is worth a log line only when it says
 * something new: an idle service would otherwise repeat the same zeros for ever. Wraps the
 * report's log call; the first report is always logged, later ones only when they differ from
 * the last one logged.
 */

/** Same fields with the same values, compared as JSON: reports are plain records of numbers. */
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * `log` wrapped: call the result with every report; it logs the report and returns true when
 * it differs from the last one logged, and returns false otherwise.
 */
export function reportOnChange<T>(
  log: (report: T) => void,
  same: (a: T, b: T) => boolean = sameJson,
): (report: T) => boolean {
  let last: { readonly report: T } | undefined;
  return (report) => {
    if (last !== undefined && same(last.report, report)) return false;
    last = { report };
    log(report);
    return true;
  };
}
