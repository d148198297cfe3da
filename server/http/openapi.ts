import { z } from 'zod';
import { errorBody, errorStatus } from '../contracts/common';
import type { Route } from './router';

type JsonSchema = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return json;
}

function parametersOf(r: Route): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    if (!schema) continue;
    const json = schemaOf(schema, 'input');
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(properties)) {
      out.push({ name, in: where, required: where === 'path' || required.has(name), schema: prop });
    }
  }
  if (r.idempotent) {
    out.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Send the same key to retry safely: the command takes effect once and answers the same.',
      schema: { type: 'string', maxLength: 128 },
    });
  }
  return out;
}

/** The OpenAPI 3 document, generated from the same zod schemas that validate each request. */
export function buildOpenApi(routes: readonly Route[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const error = { content: { 'application/json': { schema: schemaOf(errorBody, 'output') } } };
  for (const r of routes) {
    const responses: Record<string, JsonSchema> = {
      [String(r.status ?? 200)]: {
        description: 'Success',
        content: r.produces
          ? { [r.produces]: { schema: { type: 'string' } } }
          : { 'application/json': { schema: schemaOf(r.response, 'output') } },
      },
    };
    for (const [code, status] of Object.entries(errorStatus)) {
      if (code === 'RATE_LIMITED') continue;
      if ((code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') && !r.auth && !r.account) continue;
      responses[String(status)] = { description: code, ...error };
    }
    const operation: JsonSchema = {
      summary: r.summary,
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${r.path.replace(/\/api\/v1/, '').replace(/[{}]/g, '').replace(/\.(\w)/g, (_, c: string) => c.toUpperCase()).replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase())}`,
      parameters: parametersOf(r),
      responses,
    };
    if (r.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
      };
    }
    if (r.auth || r.account) operation.security = [{ session: [] }];
    paths[r.path] = { ...paths[r.path], [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Hallboard API',
      version: '1.0.0',
      description: 'Queue, calling and data API of a government service hall (政务服务大厅).',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hb_session' } },
    },
    paths,
  };
}
