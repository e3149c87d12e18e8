// SCIM 2.0 (RFC 7643/7644) building blocks: errors, list responses, paging, the filter
// subset we answer (eq, and), the forms Entra ID and Okta send normalised, and the
// discovery documents.
import { parse, type Filter } from 'scim2-parse-filter';
import type { ScimCondition } from '../repositories/scim.repository.ts';

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  spc: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

export const SCIM_LIMITS = { maxResults: 200, defaultCount: 100, maxMembersPerRequest: 1000, maxOperations: 200, maxFilterLength: 1000 } as const;

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimType,
  ) {
    super(message);
  }
}

export const scimInvalid = (message: string, scimType: ScimType = 'invalidValue'): ScimError => new ScimError(400, message, scimType);
export const scimNotFound = (what: string): ScimError => new ScimError(404, `${what} not found`);

export function errorBody(status: number, detail: string, scimType?: string): Record<string, unknown> {
  return { schemas: [SCHEMA.error], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

export interface ListQuery {
  filter?: string | undefined;
  startIndex?: string | undefined;
  count?: string | undefined;
  excludedAttributes?: string | undefined;
  attributes?: string | undefined;
}

/** The list query as strings; a parameter given twice is a 400, not a crash. */
export function readListQuery(raw: unknown): ListQuery {
  const q = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const out: ListQuery = {};
  for (const key of ['filter', 'startIndex', 'count', 'excludedAttributes', 'attributes'] as const) {
    const v = q[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw scimInvalid(`${key} must be given once`, key === 'filter' ? 'invalidFilter' : 'invalidValue');
    out[key] = v;
  }
  return out;
}

export function paging(q: ListQuery): { startIndex: number; count: number } {
  const num = (raw: string | undefined, name: string, fallback: number): number => {
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d{1,9}$/.test(raw.trim())) throw scimInvalid(`${name} must be an integer`);
    return Number(raw);
  };
  const startIndex = Math.max(1, num(q.startIndex, 'startIndex', 1));
  const count = Math.min(SCIM_LIMITS.maxResults, Math.max(0, num(q.count, 'count', SCIM_LIMITS.defaultCount)));
  return { startIndex, count };
}

export function listResponse(resources: unknown[], total: number, startIndex: number): Record<string, unknown> {
  return { schemas: [SCHEMA.list], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** Whether a comma-separated attributes list names `attr` (case-insensitive, with or without the schema URN). */
export function listsAttribute(list: string | undefined, attr: string): boolean {
  if (!list) return false;
  return list.split(',').some((a) => a.trim().toLowerCase().split(':').pop() === attr.toLowerCase());
}

/**
 * Parses a filter and keeps the subset we answer: `attr eq "value"` on the given
 * attributes, joined by `and`. Anything else is SCIM's 400 invalidFilter.
 */
export function filterConditions(raw: string | undefined, columns: Record<string, ScimCondition['column']>): ScimCondition[] {
  if (raw === undefined || raw.trim() === '') return [];
  if (raw.length > SCIM_LIMITS.maxFilterLength) throw scimInvalid('The filter is too long', 'invalidFilter');
  let ast: Filter;
  try {
    ast = parse(raw);
  } catch (err) {
    throw scimInvalid(`The filter is not valid: ${err instanceof Error ? err.message.slice(0, 120) : 'parse error'}`, 'invalidFilter');
  }
  const out: ScimCondition[] = [];
  const walk = (f: Filter, depth: number): void => {
    if (depth > 10 || out.length > 10) throw scimInvalid('The filter is too complex', 'invalidFilter');
    if (f.op === 'and' && 'filters' in f) {
      for (const part of f.filters) walk(part, depth + 1);
      return;
    }
    if (f.op !== 'eq' || !('compValue' in f)) throw scimInvalid(`Only "eq" (optionally joined with "and") is supported, not "${f.op}"`, 'invalidFilter');
    const attr = f.attrPath.split(':').pop()?.toLowerCase() ?? '';
    const column = columns[attr];
    if (!column) throw scimInvalid(`Filtering on "${f.attrPath}" is not supported`, 'invalidFilter');
    if (typeof f.compValue !== 'string') throw scimInvalid(`"${f.attrPath}" must be compared with a string`, 'invalidFilter');
    out.push({ column, value: f.compValue.slice(0, 500) });
  };
  walk(ast, 0);
  return out;
}

/** Entra ID's default dialect sends booleans as "True"/"False". */
export function toBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  throw scimInvalid(`${field} must be a boolean`);
}

export interface PatchOp {
  op: 'add' | 'replace' | 'remove';
  path?: string;
  value?: unknown;
}

/** A PatchOp request's operations, ops lower-cased and `active` made boolean, before any library sees them. */
export function patchOperations(body: unknown): PatchOp[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw scimInvalid('The body must be a PatchOp object', 'invalidSyntax');
  const b = body as Record<string, unknown>;
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops) || ops.length === 0) throw scimInvalid('Operations must be a non-empty list', 'invalidSyntax');
  if (ops.length > SCIM_LIMITS.maxOperations) throw scimInvalid(`At most ${SCIM_LIMITS.maxOperations} operations per request`, 'tooMany');
  return ops.map((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw scimInvalid(`Operation ${i} is not an object`, 'invalidSyntax');
    const o = raw as Record<string, unknown>;
    const op = typeof o.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') throw scimInvalid(`Operation ${i}: op must be add, replace or remove`, 'invalidSyntax');
    if (o.path !== undefined && (typeof o.path !== 'string' || o.path.length > 500)) throw scimInvalid(`Operation ${i}: path must be a string`, 'invalidPath');
    const path = typeof o.path === 'string' && o.path.trim() !== '' ? o.path.trim() : undefined;
    if (!path && op === 'remove') throw scimInvalid(`Operation ${i}: remove needs a path`, 'noTarget');
    if (!path && (typeof o.value !== 'object' || o.value === null || Array.isArray(o.value))) throw scimInvalid(`Operation ${i}: without a path the value must be an object`, 'invalidValue');
    let value = o.value;
    if (path?.toLowerCase() === 'active' && value !== undefined) value = toBoolean(value, 'active');
    if (!path && typeof value === 'object' && value !== null) {
      value = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, k.toLowerCase() === 'active' ? toBoolean(v, 'active') : v]));
    }
    return { op, ...(path ? { path } : {}), ...(value !== undefined ? { value } : {}) };
  });
}

// ---- discovery documents
type Attr = [name: string, type: string, opts?: { multi?: boolean; required?: boolean; uniqueness?: string; mutability?: string; sub?: Attr[] }];

function attributes(list: Attr[]): unknown[] {
  return list.map(([name, type, o = {}]) => ({
    name,
    type,
    multiValued: o.multi ?? false,
    required: o.required ?? false,
    caseExact: false,
    mutability: o.mutability ?? 'readWrite',
    returned: 'default',
    uniqueness: o.uniqueness ?? 'none',
    ...(o.sub ? { subAttributes: attributes(o.sub) } : {}),
  }));
}

export function schemaDocuments(base: string): Array<Record<string, unknown>> {
  const user = {
    schemas: [SCHEMA.schema],
    id: SCHEMA.user,
    name: 'User',
    description: 'Roomwarden user (userName is the sign-in email)',
    attributes: attributes([
      ['userName', 'string', { required: true, uniqueness: 'server' }],
      ['name', 'complex', { sub: [['givenName', 'string'], ['familyName', 'string'], ['formatted', 'string']] }],
      ['displayName', 'string'],
      ['emails', 'complex', { multi: true, sub: [['value', 'string'], ['type', 'string'], ['primary', 'boolean']] }],
      ['active', 'boolean'],
      ['externalId', 'string', { uniqueness: 'server' }],
      ['groups', 'complex', { multi: true, mutability: 'readOnly', sub: [['value', 'string'], ['display', 'string']] }],
    ]),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCHEMA.user}` },
  };
  const group = {
    schemas: [SCHEMA.schema],
    id: SCHEMA.group,
    name: 'Group',
    description: 'Roomwarden security group',
    attributes: attributes([
      ['displayName', 'string', { required: true }],
      ['externalId', 'string', { uniqueness: 'server' }],
      ['members', 'complex', { multi: true, sub: [['value', 'string'], ['display', 'string'], ['type', 'string']] }],
    ]),
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCHEMA.group}` },
  };
  return [user, group];
}

export function resourceTypes(base: string): Array<Record<string, unknown>> {
  return [
    { schemas: [SCHEMA.resourceType], id: 'User', name: 'User', endpoint: '/Users', schema: SCHEMA.user, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` } },
    { schemas: [SCHEMA.resourceType], id: 'Group', name: 'Group', endpoint: '/Groups', schema: SCHEMA.group, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` } },
  ];
}

export function serviceProviderConfig(base: string): Record<string, unknown> {
  return {
    schemas: [SCHEMA.spc],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_LIMITS.maxResults },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'A SCIM token created in Roomwarden (Settings > Provisioning)', primary: true }],
    meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
  };
}
