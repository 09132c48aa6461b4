/**
 * Checks requests to the GitHub stand-in against GitHub's own OpenAPI
 * description (`@octokit/openapi`, api.github.com). The 13 MB description is
 * parsed once per process; ajv validators are compiled lazily, only for the
 * operations the stand-in serves, and cached.
 *
 * Stricter than GitHub in two places, to catch typos GitHub would silently
 * ignore: unknown query parameters and unknown top-level body properties are
 * refused.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import formatsModule, { type FormatsPlugin } from 'ajv-formats';
import { coerce, componentId, describe, fromOpenApi, isObject, type Json } from './github-api-server-json-schema.js';

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}

interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  body: { required: boolean; schema: Json } | null;
  /** Raw `responses` of the operation, by status. */
  responses: Record<string, Json>;
}

export interface MatchedRequest {
  operationId: string;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
}

export interface LoadStats {
  parseMs: number;
  compileMs: number;
  compiledValidators: number;
}

interface Spec {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; parameters: Record<string, Parameter>; responses: Record<string, Json> };
}

/** The error shapes GitHub uses for answers an operation's description does not list. */
const UNDOCUMENTED_ERRORS: Record<number, string> = {
  403: '#/components/schemas/basic-error',
  404: '#/components/schemas/basic-error',
  422: '#/components/schemas/validation-error',
};

const HTTP_METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'];

// ajv-formats is CommonJS; NodeNext types its default import as the module object, whose `default` is the plugin.
const addFormats: FormatsPlugin = formatsModule.default;

class OpenApiCatalog {
  readonly stats: LoadStats = { parseMs: 0, compileMs: 0, compiledValidators: 0 };
  private readonly routes: { regex: RegExp; names: string[]; literal: number; methods: Record<string, Json>; template: string; shared: unknown[] }[] = [];
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, logger: false, inlineRefs: false });

  constructor(private readonly spec: Spec) {
    addFormats(this.ajv);
    // Formats GitHub uses that ajv-formats does not know; GitHub does not enforce them either.
    for (const name of ['repo.nwo', 'uri-template', 'int32', 'int64', 'binary', 'email']) {
      if (!this.ajv.formats[name]) this.ajv.addFormat(name, true);
    }
    for (const [template, item] of Object.entries(spec.paths)) {
      const names: string[] = [];
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const literal = template.split('/').filter((s) => s && !s.startsWith('{')).length;
      this.routes.push({ regex: new RegExp(`^${pattern}$`), names, literal, methods: item, template, shared: (item.parameters as unknown[] | undefined) ?? [] });
    }
    // Literal segments win over templates: /pulls/comments before /pulls/{pull_number}.
    this.routes.sort((a, b) => b.literal - a.literal);
  }

  /** The operation for method + path, or an error message. */
  match(method: string, path: string): { operation: Operation; params: Record<string, string> } | string {
    const lower = method.toLowerCase();
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      const raw = route.methods[lower];
      if (!raw || !HTTP_METHODS.includes(lower)) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? '')));
      return { operation: this.operation(route.template, lower, raw, route.shared), params };
    }
    return pathMatched ? `${method} is not an operation of ${path} in GitHub's OpenAPI description` : `No operation in GitHub's OpenAPI description matches ${method} ${path}`;
  }

  /** Every problem with the parameters and body of a matched request. */
  validate(operation: Operation, params: Record<string, string>, query: URLSearchParams, body: unknown): string[] {
    const problems: string[] = [];
    const known = new Set<string>();
    for (const p of operation.parameters) {
      if (p.in !== 'path' && p.in !== 'query') continue;
      known.add(p.name);
      const raw = p.in === 'path' ? params[p.name] : (query.get(p.name) ?? undefined);
      if (raw === undefined) {
        if (p.required) problems.push(`missing required ${p.in} parameter '${p.name}'`);
        continue;
      }
      const validate = this.validator(`${operation.operationId}#${p.in}:${p.name}`, p.schema ?? {});
      if (!validate(coerce(raw, p.schema ?? {}))) problems.push(`${p.in} parameter '${p.name}' ${describe(validate)}`);
    }
    for (const name of query.keys()) if (!known.has(name)) problems.push(`unknown query parameter '${name}'`);
    if (!operation.body) {
      if (body !== undefined) problems.push(`${operation.operationId} takes no request body`);
      return problems;
    }
    if (body === undefined) {
      if (operation.body.required) problems.push('missing required JSON request body');
      return problems;
    }
    const validate = this.validator(`${operation.operationId}#body`, operation.body.schema);
    if (!validate(body)) problems.push(`request body ${describe(validate)}`);
    const properties = operation.body.schema.properties as Json | undefined;
    if (operation.body.schema.type === 'object' && properties && operation.body.schema.additionalProperties === undefined && isObject(body)) {
      for (const key of Object.keys(body)) if (!(key in properties)) problems.push(`request body has unknown property '${key}'`);
    }
    return problems;
  }

  /** Problems with a JSON answer the stand-in is about to send, against the documented response for its status. */
  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    let response = operation.responses[String(status)];
    if (typeof response?.$ref === 'string') response = this.spec.components.responses[response.$ref.replace('#/components/responses/', '')];
    const schema = (response?.content as Record<string, { schema?: Json }> | undefined)?.['application/json']?.schema;
    if (!response && UNDOCUMENTED_ERRORS[status]) {
      // GitHub answers 403, 404 and 422 on operations whose description leaves them out (a missing environment, an unknown run).
      const validate = this.validator(`#undocumented:${status}`, { $ref: UNDOCUMENTED_ERRORS[status] });
      return validate(body) ? [] : [`undocumented ${status} answer ${describe(validate)}`];
    }
    if (!response) return [`${status} is not a documented answer of ${operation.operationId}`];
    if (!schema) return [];
    const validate = this.validator(`${operation.operationId}#response:${status}`, schema);
    return validate(body) ? [] : [`${status} answer ${describe(validate)}`];
  }

  private operation(template: string, method: string, raw: Json, shared: unknown[]): Operation {
    const key = `${method} ${template}`;
    const cached = this.operations.get(key);
    if (cached) return cached;
    const parameters = [...shared, ...((raw.parameters as unknown[] | undefined) ?? [])].map((p) => this.resolveParameter(p));
    const requestBody = raw.requestBody as { required?: boolean; content?: Record<string, { schema?: Json }> } | undefined;
    const schema = requestBody?.content?.['application/json']?.schema;
    const operation: Operation = {
      operationId: String(raw.operationId),
      method,
      template,
      parameters,
      body: schema ? { required: requestBody?.required ?? false, schema: this.resolveSchemaRef(schema) } : null,
      responses: (raw.responses as Record<string, Json> | undefined) ?? {},
    };
    this.operations.set(key, operation);
    return operation;
  }

  private resolveParameter(p: unknown): Parameter {
    const ref = (p as { $ref?: string }).$ref;
    if (!ref) return p as Parameter;
    const name = ref.replace('#/components/parameters/', '');
    const resolved = this.spec.components.parameters[name];
    if (!resolved) throw new Error(`Unresolvable parameter ${ref}`);
    return resolved;
  }

  private resolveSchemaRef(schema: Json): Json {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    return this.resolveSchemaRef(this.component(ref));
  }

  private component(ref: string): Json {
    const resolved = this.spec.components.schemas[ref.replace('#/components/schemas/', '')];
    if (!resolved) throw new Error(`Unresolvable schema ${ref}`);
    return resolved;
  }

  /**
   * Compiles a schema; each component it reaches is registered with ajv once
   * (by a URI of its own) and compiled once, however many operations share it.
   */
  private validator(key: string, schema: Json): ValidateFunction {
    const cached = this.validators.get(key);
    if (cached) return cached;
    const started = performance.now();
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!isObject(node)) return;
      const ref = node.$ref;
      if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
        const id = componentId(ref);
        if (!this.ajv.getSchema(id)) {
          const component = this.component(ref);
          this.ajv.addSchema(fromOpenApi(component) as Json, id);
          visit(component);
        }
      }
      Object.values(node).forEach(visit);
    };
    visit(schema);
    const validate = this.ajv.compile(fromOpenApi(schema) as Json);
    this.validators.set(key, validate);
    this.stats.compileMs += performance.now() - started;
    this.stats.compiledValidators++;
    return validate;
  }
}

let catalog: OpenApiCatalog | undefined;

/** The process-wide catalog; the first call parses the description. */
export function openApiCatalog(): OpenApiCatalog {
  if (catalog) return catalog;
  const started = performance.now();
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  catalog = new OpenApiCatalog(spec);
  catalog.stats.parseMs = performance.now() - started;
  return catalog;
}

export type { OpenApiCatalog, Operation };
