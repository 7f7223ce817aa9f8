/**
 * Checks an answer against the API's description (gateway/http/openapi.ts): its status is
 * described for the operation, its content type too, and its body validates against the schema.
 * For tests: any answer they receive can be held to the description this way (the integration
 * tests' client, tests/http.ts, holds every answer to it).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { openApiPath } from '../http/openapi.js';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<object, ValidateFunction>();

interface Response {
  readonly content?: Record<string, { readonly schema?: object }>;
}

/** An OpenAPI document's paths, as GET /openapi.json answers them. */
export interface Description {
  readonly paths: Readonly<
    Record<string, Readonly<Record<string, { readonly responses: object }>>>
  >;
}

/** What `description` says is wrong with this answer to `method` on `expressPath`, or []. */
export function describedAnswerProblems(
  description: Description,
  method: string,
  expressPath: string,
  answer: DescribedAnswer,
): string[] {
  const operation = description.paths[openApiPath(expressPath)]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${expressPath} is not described`];
  const responses = operation.responses as Record<string, Response>;
  const status = String(answer.status);
  const response = responses[status] ?? responses[`${status[0]}XX`];
  if (!response) return [`status ${status} is not described`];
  return contentProblems(response, answer);
}

/** What is wrong with the answer's content type and body, for the `response` described. */
function contentProblems(response: Response, answer: DescribedAnswer): string[] {
  const type = answer.contentType.split(';')[0]!.trim();
  if (!response.content) return answer.contentType ? [`no body is described, got ${type}`] : [];
  const media = response.content[type];
  if (!media) return [`content type ${type || '(none)'} is not described`];
  if (!media.schema) return [];
  let validate = compiled.get(media.schema);
  if (!validate) {
    validate = ajv.compile(media.schema);
    compiled.set(media.schema, validate);
  }
  if (validate(answer.body)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath || '(body)';
    // Name the field an additionalProperties error is about; ajv's message does not.
    const extra = (e.params as { additionalProperty?: string }).additionalProperty;
    return `${where} ${e.message ?? ''}${extra === undefined ? '' : `: '${extra}'`}`;
  });
}

/**
 * `/auctions/{auctionId}/bids` → a pattern matching `/auctions/x/bids` as Express's router does:
 * in any case, and with one trailing slash or none.
 */
const templatePattern = (template: string) =>
  new RegExp(
    `^${template
      .split(/\{\w+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}/?$`,
    'i',
  );

/**
 * The described path (Express's syntax) that answers `path` (a request's path, with or without
 * its query), or undefined. A path without parameters wins over a template (`/me/watchlist` is
 * not `/me/{x}`), as the router's order has it for the routes described.
 */
export function describedRoute(description: Description, path: string): string | undefined {
  const bare = path.split('?', 1)[0]!;
  const templates = Object.keys(description.paths);
  const matching = templates.filter((template) => templatePattern(template).test(bare));
  const match = matching.find((template) => !template.includes('{')) ?? matching[0];
  return match?.replace(/\{(\w+)\}/g, ':$1');
}

/** Every refusal's shape, as the description gives it for any operation's 4XX. */
function problemSchemaProblems(description: Description, answer: DescribedAnswer): string[] {
  const anyOperation = Object.values(description.paths)
    .flatMap((methods) => Object.values(methods))
    .at(0);
  const refusals = (anyOperation?.responses as Record<string, Response> | undefined)?.['4XX'];
  if (!refusals) return ['the description describes no refusal'];
  return contentProblems(refusals, answer);
}

export interface DescribedAnswer {
  readonly status: number;
  /** '' when the answer has none. */
  readonly contentType: string;
  readonly body: unknown;
}

/**
 * What `description` says is wrong with this answer to `method` on `path` (a request's path with
 * its query), or []. A path the description does not name must be refused (a 4XX problem, such as
 * 404 no_such_route): the gateway serves nothing it does not describe but the web page.
 */
export function answerProblems(
  description: Description,
  method: string,
  path: string,
  answer: DescribedAnswer,
): string[] {
  const route = describedRoute(description, path);
  if (route && description.paths[openApiPath(route)]?.[method.toLowerCase()])
    return describedAnswerProblems(description, method, route, answer);
  if (answer.status < 400 || answer.status >= 500)
    return [`${method} ${path.split('?', 1)[0]} is not described, yet answered ${answer.status}`];
  return problemSchemaProblems(description, answer);
}
