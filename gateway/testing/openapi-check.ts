/**
 * Checks an answer against the API's description (gateway/http/openapi.ts): its status is
 * described for the operation, its content type too, and its body validates against the schema.
 * For tests: any answer they receive can be held to the description this way.
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
  answer: { readonly status: number; readonly contentType: string; readonly body: unknown },
): string[] {
  const operation = description.paths[openApiPath(expressPath)]?.[method.toLowerCase()];
  if (!operation) return [`${method} ${expressPath} is not described`];
  const responses = operation.responses as Record<string, Response>;
  const status = String(answer.status);
  const response = responses[status] ?? responses[`${status[0]}XX`];
  if (!response) return [`status ${status} is not described`];
  const type = answer.contentType.split(';')[0]!.trim();
  if (!response.content) return answer.contentType ? [`no body is described, got ${type}`] : [];
  const media = response.content[type];
  if (!media) return [`content type ${type} is not described`];
  if (!media.schema) return [];
  let validate = compiled.get(media.schema);
  if (!validate) {
    validate = ajv.compile(media.schema);
    compiled.set(media.schema, validate);
  }
  if (validate(answer.body)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? ''}`);
}
