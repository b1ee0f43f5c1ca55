import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLocalTwilioHttpClient,
  type LocalTwilioHttpClient,
} from '../../messaging/local-http-client.ts';
import { startTwilioSandbox, type TwilioSandbox } from './index.ts';
import { startWebhookRecorder, type WebhookRecorder } from './webhook-recorder.ts';

/**
 * Every response the sandbox gives is checked against Twilio's own OpenAPI files
 * (../shared/specs/twilio/): the documented status code, every property the schema lists present,
 * none it does not list, types, enums, SID patterns, date formats, and null only where the schema
 * says `nullable` or the spec's own examples for that response show null (Lookup's packages and
 * `validation_errors` are `$ref`s that cannot carry `nullable` in OpenAPI 3.0, yet Twilio's
 * examples, and Twilio, answer null).
 */
type Schema = { [key: string]: unknown };
type Spec = {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema> };
};

const SPEC_DIR = fileURLToPath(new URL('../../../../shared/specs/twilio/', import.meta.url));
const specs = {
  api: JSON.parse(readFileSync(`${SPEC_DIR}twilio_api_v2010.json`, 'utf-8')) as Spec,
  lookups: JSON.parse(readFileSync(`${SPEC_DIR}twilio_lookups_v2.json`, 'utf-8')) as Spec,
  content: JSON.parse(readFileSync(`${SPEC_DIR}twilio_content_v1.json`, 'utf-8')) as Spec,
};

function resolve(spec: Spec, schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (!target) throw new Error(`unresolved ${ref}`);
  return resolve(spec, target);
}

const FORMATS: Record<string, RegExp> = {
  'date-time-rfc-2822':
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/,
  'phone-number': /^(whatsapp:)?\+\d{6,15}$/,
  currency: /^[A-Za-z]{3}$/,
};

/** Paths (`a.b`, `list[].c`) whose value is null in any of the spec's examples for a response. */
function nullsInExamples(examples: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (value === null) found.add(path);
    else if (Array.isArray(value)) value.forEach((item) => walk(item, `${path}[]`));
    else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    }
  };
  for (const example of Object.values((examples ?? {}) as Record<string, { value: unknown }>))
    walk(example.value, '');
  return found;
}

function check(
  spec: Spec,
  raw: Schema,
  value: unknown,
  path: string,
  nullOk: Set<string>,
  errors: string[],
): void {
  const schema = resolve(spec, raw);
  const at = path || '(root)';
  if (value === undefined) return void errors.push(`${at}: missing`);
  if (value === null) {
    if (schema.nullable !== true && !nullOk.has(path)) errors.push(`${at}: null is not allowed`);
    return;
  }
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (type === 'string') {
    if (typeof value !== 'string')
      return void errors.push(`${at}: expected a string, got ${JSON.stringify(value)}`);
    if (Array.isArray(schema.enum) && !schema.enum.includes(value))
      errors.push(`${at}: ${value} not in enum`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
      errors.push(`${at}: ${value} !~ ${schema.pattern}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${at}: too short`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${at}: too long`);
    const format = FORMATS[String(schema.format)];
    if (format && !format.test(value))
      errors.push(`${at}: ${value} is not ${String(schema.format)}`);
  } else if (type === 'integer') {
    if (!Number.isInteger(value))
      errors.push(`${at}: expected an integer, got ${JSON.stringify(value)}`);
  } else if (type === 'number') {
    if (typeof value !== 'number') errors.push(`${at}: expected a number`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${at}: expected a boolean`);
  } else if (type === 'array') {
    if (!Array.isArray(value)) return void errors.push(`${at}: expected an array`);
    value.forEach((item) =>
      check(spec, (schema.items ?? {}) as Schema, item, `${path}[]`, nullOk, errors),
    );
  } else if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value))
      return void errors.push(`${at}: expected an object`);
    const properties = schema.properties as Record<string, Schema> | undefined;
    if (!properties) return; // a free-form object (subresource_uris, variables, types)
    const record = value as Record<string, unknown>;
    for (const [key, inner] of Object.entries(properties)) {
      const innerPath = path ? `${path}.${key}` : key;
      if (!(key in record)) errors.push(`${innerPath}: missing`);
      else check(spec, inner, record[key], innerPath, nullOk, errors);
    }
    for (const key of Object.keys(record)) {
      if (!(key in properties)) errors.push(`${path ? `${path}.` : ''}${key}: not in the schema`);
    }
  }
}

/** What the spec documents for one operation and status: its schema and the nulls its examples show. */
function documented(
  spec: Spec,
  path: string,
  method: string,
  status: number,
): { schema: Schema; nullOk: Set<string> } {
  const operation = spec.paths[path]?.[method] as { responses: Record<string, Schema> } | undefined;
  const response = operation?.responses[String(status)] as
    { content: { 'application/json': { schema: Schema; examples?: unknown } } } | undefined;
  if (!response)
    throw new Error(`the spec documents no ${status} for ${method.toUpperCase()} ${path}`);
  const json = response.content['application/json'];
  return { schema: json.schema, nullOk: nullsInExamples(json.examples) };
}

function violations(
  spec: Spec,
  path: string,
  method: string,
  status: number,
  body: unknown,
): string[] {
  const { schema, nullOk } = documented(spec, path, method, status);
  const errors: string[] = [];
  check(spec, schema, body, '', nullOk, errors);
  return errors;
}

let sandbox: TwilioSandbox;
let hooks: WebhookRecorder;
let http: LocalTwilioHttpClient;
const SERVICE = 'MG' + '2'.repeat(32);

/** A raw request through the local client: the JSON exactly as the sandbox answered it. */
async function call(
  method: 'get' | 'post',
  uri: string,
  data?: Record<string, unknown>,
): Promise<{ statusCode: number; body: Record<string, unknown> }> {
  const response = await http.request<Record<string, unknown>>({
    method,
    uri,
    username: sandbox.accountSid,
    password: sandbox.authToken,
    headers: method === 'post' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {},
    ...(data ? { data } : {}),
  });
  return { statusCode: response.statusCode, body: response.body };
}

const sidOf = (body: Record<string, unknown>): string => String(body.sid);

beforeAll(async () => {
  hooks = await startWebhookRecorder();
  hooks.reply('/voice', '<Response><Say>Hi</Say></Response>');
  sandbox = await startTwilioSandbox({
    deliverAfterMs: 60_000,
    messagingServices: [SERVICE],
    whatsappTemplates: [{ friendlyName: 'Recall', body: 'Hi {{1}}' }],
    inboundUrl: hooks.url('/inbound'),
  });
  http = createLocalTwilioHttpClient(sandbox.baseUrl);
});

afterAll(async () => {
  await sandbox.stop();
  await hooks.stop();
});

describe('Message resource matches api.v2010.account.message', () => {
  const list = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
  const one = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
  const api = () => `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}`;

  it('through every state a message goes through', async () => {
    const bodies: Array<[string, number, unknown]> = [];
    const viaService = await call('post', `${api()}/Messages.json`, {
      To: '+14155552671',
      MessagingServiceSid: SERVICE,
      Body: 'Hi 😀',
    });
    const viaFrom = await call('post', `${api()}/Messages.json`, {
      To: '+14155552672',
      From: '+15005550006',
      Body: 'Hi',
    });
    const whatsapp = await call('post', `${api()}/Messages.json`, {
      To: 'whatsapp:+447400123456',
      From: 'whatsapp:+15005550006',
      Body: 'Hi',
    });
    bodies.push(
      ['create via service', viaService.statusCode, viaService.body],
      ['create via From', viaFrom.statusCode, viaFrom.body],
    );
    for (const [name, response] of [
      ['created', viaService],
      ['whatsapp', whatsapp],
    ] as const) {
      expect(response.statusCode, name).toBe(201);
    }
    await sandbox.flush();
    const inbound = await sandbox.inbound({
      from: '+14155552673',
      to: '+15005550006',
      body: 'STOP',
    });
    for (const sid of [
      sidOf(viaService.body),
      sidOf(viaFrom.body),
      sidOf(whatsapp.body),
      inbound.sid,
    ]) {
      const fetched = await call('get', `${api()}/Messages/${sid}.json`);
      expect(fetched.statusCode).toBe(200);
      bodies.push([`fetch ${String(fetched.body.status)}`, 200, fetched.body]);
    }
    expect(bodies.map(([name]) => name)).toEqual([
      'create via service',
      'create via From',
      'fetch delivered',
      'fetch delivered',
      'fetch failed',
      'fetch received',
    ]);
    for (const [name, status, body] of bodies) {
      const path = name.startsWith('create') ? list : one;
      expect(
        violations(specs.api, path, name.startsWith('create') ? 'post' : 'get', status, body),
        name,
      ).toEqual([]);
    }
  });

  it('as a list page (ListMessageResponse)', async () => {
    const page = await call('get', `${api()}/Messages.json?PageSize=2`);
    expect(page.statusCode).toBe(200);
    expect(page.body.next_page_uri).toEqual(expect.any(String));
    expect(violations(specs.api, list, 'get', 200, page.body)).toEqual([]);
  });
});

describe('Account resource matches api.v2010.account', () => {
  it('fetched with its own credentials', async () => {
    const fetched = await call(
      'get',
      `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}.json`,
    );
    expect(fetched.statusCode).toBe(200);
    expect(fetched.body).toMatchObject({ sid: sandbox.accountSid, status: 'active' });
    expect(
      violations(specs.api, '/2010-04-01/Accounts/{Sid}.json', 'get', 200, fetched.body),
    ).toEqual([]);
  });
});

describe('Call resource matches api.v2010.account.call', () => {
  const list = '/2010-04-01/Accounts/{AccountSid}/Calls.json';
  const one = '/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json';

  it('when created, when completed with machine detection, and listed', async () => {
    const base = `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}/Calls`;
    const created = await call('post', `${base}.json`, {
      To: '+14155552671',
      From: '+15005550006',
      Url: hooks.url('/voice'),
      MachineDetection: 'Enable',
    });
    expect(created.statusCode).toBe(201);
    expect(violations(specs.api, list, 'post', 201, created.body)).toEqual([]);
    await sandbox.answerCall(sidOf(created.body));
    const completed = await call('get', `${base}/${sidOf(created.body)}.json`);
    expect(completed.body).toMatchObject({ status: 'completed', answered_by: 'human' });
    expect(violations(specs.api, one, 'get', 200, completed.body)).toEqual([]);
    const page = await call('get', `${base}.json`);
    expect(violations(specs.api, list, 'get', 200, page.body)).toEqual([]);
  });
});

describe('Lookup v2 matches LookupResponse', () => {
  it.each([
    ['a mobile number with line type intelligence', '+14155552671?Fields=line_type_intelligence'],
    ['a number without fields', '+14155552671'],
    ['an invalid number', '+141599299600?Fields=line_type_intelligence'],
  ])('%s', async (_name, query) => {
    const response = await call('get', `https://lookups.twilio.com/v2/PhoneNumbers/${query}`);
    expect(response.statusCode).toBe(200);
    expect(
      violations(specs.lookups, '/v2/PhoneNumbers/{PhoneNumber}', 'get', 200, response.body),
    ).toEqual([]);
  });
});

describe('Content API v1 matches its schemas', () => {
  it('list, fetch, content and approvals, approval fetch', async () => {
    const listed = await call('get', 'https://content.twilio.com/v1/Content');
    expect(violations(specs.content, '/v1/Content', 'get', 200, listed.body)).toEqual([]);
    const sid = sidOf((listed.body.contents as Array<Record<string, unknown>>)[0] ?? {});
    const fetched = await call('get', `https://content.twilio.com/v1/Content/${sid}`);
    expect(violations(specs.content, '/v1/Content/{Sid}', 'get', 200, fetched.body)).toEqual([]);
    const approvals = await call('get', 'https://content.twilio.com/v1/ContentAndApprovals');
    expect(
      violations(specs.content, '/v1/ContentAndApprovals', 'get', 200, approvals.body),
    ).toEqual([]);
    const approval = await call(
      'get',
      `https://content.twilio.com/v1/Content/${sid}/ApprovalRequests`,
    );
    expect(
      violations(specs.content, '/v1/Content/{Sid}/ApprovalRequests', 'get', 200, approval.body),
    ).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('catches a missing property, an extra one, a wrong type, a bad date and a forbidden null', async () => {
    const base = `https://api.twilio.com/2010-04-01/Accounts/${sandbox.accountSid}`;
    const created = await call('post', `${base}/Messages.json`, {
      To: '+14155552674',
      From: '+15005550006',
      Body: 'x',
    });
    const broken: Record<string, unknown> = {
      ...created.body,
      extra: 1,
      num_segments: 1,
      date_created: '2026-01-01T00:00:00Z',
    };
    delete broken.uri;
    const errors = violations(
      specs.api,
      '/2010-04-01/Accounts/{AccountSid}/Messages.json',
      'post',
      201,
      broken,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        'uri: missing',
        'extra: not in the schema',
        'num_segments: expected a string, got 1',
        'date_created: 2026-01-01T00:00:00Z is not date-time-rfc-2822',
      ]),
    );
    const lookup = await call('get', 'https://lookups.twilio.com/v2/PhoneNumbers/+14155552671');
    expect(
      violations(specs.lookups, '/v2/PhoneNumbers/{PhoneNumber}', 'get', 200, {
        ...lookup.body,
        valid: null,
      }),
    ).toEqual(['valid: null is not allowed']);
  });
});
