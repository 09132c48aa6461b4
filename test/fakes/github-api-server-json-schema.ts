/**
 * Turning GitHub's OpenAPI 3.0 schemas into JSON Schema ajv compiles, and
 * query text into the values the schemas describe.
 */
import type { ValidateFunction } from 'ajv';

export type Json = Record<string, unknown>;

/** Query and path values arrive as text; the schema says what they should be. */
export function coerce(raw: string, schema: Json): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/**
 * OpenAPI 3.0 allows `nullable` without `type` (e.g. beside `oneOf`); JSON Schema says it with `anyOf` and null.
 * A nullable `enum` must list null for ajv.
 */
export function fromOpenApi(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fromOpenApi);
  if (!isObject(node)) return node;
  const copy: Json = {};
  for (const [key, value] of Object.entries(node)) copy[key] = key === 'example' || key === 'examples' ? value : fromOpenApi(value);
  if (typeof copy.$ref === 'string' && copy.$ref.startsWith('#/components/schemas/')) copy.$ref = componentId(copy.$ref);
  if (copy.nullable === true && Array.isArray(copy.enum) && !copy.enum.includes(null)) copy.enum = [...(copy.enum as unknown[]), null];
  if (copy.nullable === true && copy.type === undefined) {
    const { nullable: _nullable, ...rest } = copy;
    return { anyOf: [rest, { type: 'null' }] };
  }
  return copy;
}

export function componentId(ref: string): string {
  return `https://openapi.github-stand-in.test/${ref.slice('#/components/schemas/'.length)}`;
}

export function describe(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`.trim()).join('; ');
}

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
