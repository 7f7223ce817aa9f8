/**
 * Mermaid `xychart-beta` charts for the benchmark report: bars (one series) and lines (one or
 * more series over the same categories). Pure text; a value that is not a number is drawn as 0
 * (Mermaid has no gap), so the tables beside the charts carry the n/a.
 */

export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

const drawable = (v: number, places: number) =>
  Number.isFinite(v) ? String(Math.round(v * 10 ** places) / 10 ** places) : '0';

/** A label inside Mermaid's double quotes: no double quotes of its own. */
const label = (text: string) => `"${text.replaceAll('"', "'")}"`;

function chart(
  title: string,
  categories: readonly string[],
  axis: { readonly x?: string; readonly y: string },
  body: readonly string[],
): string {
  const x = axis.x === undefined ? '' : `${label(axis.x)} `;
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${label(title)}`,
    `  x-axis ${x}[${categories.map(label).join(', ')}]`,
    `  y-axis ${label(axis.y)}`,
    ...body,
    '```',
  ].join('\n');
}

export function barChart(
  title: string,
  categories: readonly string[],
  values: readonly number[],
  yAxis: string,
  places = 0,
): string {
  if (categories.length !== values.length)
    throw new Error(`bar chart "${title}": ${categories.length} labels, ${values.length} values`);
  return chart(title, categories, { y: yAxis }, [
    `  bar [${values.map((v) => drawable(v, places)).join(', ')}]`,
  ]);
}

/**
 * Lines over the same categories. Mermaid draws no legend, so the series' names go into the
 * title in drawing order (Mermaid's palette: the first series is drawn first).
 */
export function lineChart(
  title: string,
  categories: readonly string[],
  series: readonly Series[],
  axis: { readonly x?: string; readonly y: string },
  places = 0,
): string {
  for (const s of series)
    if (s.values.length !== categories.length)
      throw new Error(`line chart "${title}": ${s.name} has ${s.values.length} values`);
  const named = `${title} (${series.map((s) => s.name).join(', ')})`;
  return chart(
    named,
    categories,
    axis,
    series.map((s) => `  line [${s.values.map((v) => drawable(v, places)).join(', ')}]`),
  );
}
