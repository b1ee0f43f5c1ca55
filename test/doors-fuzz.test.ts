import { createHash, createHmac } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { chance, pick, randomInt, seededRandom, type Random } from '../src/lib/random.ts';
import {
  deepJson,
  mutate,
  mutateForm,
  randomBytes,
  randomHeaderValue,
  randomJson,
  randomString,
} from './helpers/fuzz-bodies.ts';
import { AUTH_TOKEN, CLIENT_SECRET, startDoors, type DoorsUnderTest } from './helpers/doors.ts';

/**
 * Thousands of hostile requests against every door: random JSON, deep nesting, bodies near and
 * over 1 MB, valid bodies with one part wrong, random bytes, wrong content types, and valid
 * signatures over all of it so the garbage reaches validation. Never a 5xx (the service double
 * never fails here), never a crash, and nothing invalid handed over.
 * `FUZZ_SEED=<n>` replays a run; the seed is printed when the test fails.
 */
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const REQUESTS = 3000;
const CONCURRENCY = 8;
const ALLOWED = new Set([200, 204, 400, 401, 404, 413, 415]);

let doors: DoorsUnderTest;
beforeAll(async () => {
  doors = await startDoors();
});
afterAll(async () => {
  await doors.close();
});

interface Case {
  door: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const ACTIONS = ['send-sms', 'send-whatsapp', 'call', 'best-channel'];
/** Path segments express cannot decode, or that try to climb out. */
const BAD_SEGMENTS = ['%E0%A4%A', '%ZZ', '..%2F..%2Fhealthz', '%00', 'send-sms%20', 'SEND-SMS'];
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', ''];
const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'application/json',
  'multipart/form-data; boundary=x',
  '',
];
const hex = (random: Random, n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[randomInt(random, 0, 15)]).join('');
const id = (random: Random) => randomInt(random, 1, 9_999_999);

/** A path segment: mostly a real one, sometimes random text, sometimes one express cannot decode. */
function segment(random: Random, valid: string[]): string {
  const roll = random.next();
  if (roll < 0.85) return pick(random, valid);
  if (roll < 0.93) return encodeURIComponent(randomString(random, 12)) || 'x';
  return pick(random, BAD_SEGMENTS);
}

function validAction(random: Random): Record<string, unknown> {
  return {
    callbackId: `ap-${id(random)}-${id(random)}-${randomInt(random, 0, 40)}`,
    origin: { portalId: id(random), actionDefinitionId: id(random), actionDefinitionVersion: 1 },
    context: { source: 'WORKFLOWS', workflowId: id(random) },
    object: {
      objectId: chance(random, 0.5) ? id(random) : String(id(random)),
      objectType: 'CONTACT',
    },
    inputFields: { template: pick(random, ['a', 'b', 'automatic']), when_not_allowed_now: 'wait' },
  };
}

function validEvents(random: Random): Record<string, unknown>[] {
  return Array.from({ length: randomInt(random, 1, 4) }, () => ({
    eventId: id(random),
    subscriptionId: 2101,
    portalId: id(random),
    appId: 4242,
    occurredAt: 1_748_872_800_000 + id(random),
    subscriptionType: pick(random, ['contact.propertyChange', 'contact.deletion']),
    attemptNumber: randomInt(random, 0, 9),
    objectId: id(random),
    propertyName: 'sms_consent',
    propertyValue: 'true',
    changeSource: 'CRM_UI',
  }));
}

function validForm(random: Random, door: string): Record<string, string> {
  const common = { AccountSid: 'AC' + hex(random, 32), To: '+15017122661', From: '+14155550123' };
  if (door === 'status')
    return {
      ...common,
      MessageSid: 'SM' + hex(random, 32),
      MessageStatus: pick(random, ['sent', 'delivered', 'failed']),
    };
  if (door === 'inbound')
    return {
      ...common,
      MessageSid: 'SM' + hex(random, 32),
      Body: randomString(random, 80),
      NumMedia: '0',
    };
  return { ...common, CallSid: 'CA' + hex(random, 32), CallStatus: 'in-progress', Digits: '1' };
}

/** A JSON body: valid, mutated, random, deep, huge, or bytes. */
function jsonBody(random: Random, valid: unknown): Buffer {
  const roll = random.next();
  if (roll < 0.15) return Buffer.from(JSON.stringify(valid));
  if (roll < 0.6) return Buffer.from(JSON.stringify(mutate(random, valid)) ?? 'null');
  if (roll < 0.75) return Buffer.from(JSON.stringify(randomJson(random, 4)) ?? 'null');
  if (roll < 0.8) return Buffer.from(deepJson(random, randomInt(random, 1000, 200_000)));
  if (roll < 0.83) {
    // A string field near the limit: some just under 1 MB, some just over.
    const size = 1024 * 1024 - 200 + randomInt(random, -2000, 2000);
    return Buffer.from(
      JSON.stringify({ ...(valid as object), callbackId: 'x'.repeat(Math.max(0, size)) }),
    );
  }
  return randomBytes(random);
}

function signV2(url: string, body: Buffer): Record<string, string> {
  const signature = createHash('sha256')
    .update(CLIENT_SECRET + 'POST' + url)
    .update(body)
    .digest('hex');
  return { 'X-HubSpot-Signature': signature, 'X-HubSpot-Signature-Version': 'v2' };
}

function signV3(url: string, body: Buffer, timestamp: number): Record<string, string> {
  const signature = createHmac('sha256', CLIENT_SECRET)
    .update('POST' + url)
    .update(body)
    .update(String(timestamp))
    .digest('base64');
  return { 'X-HubSpot-Signature-v3': signature, 'X-HubSpot-Request-Timestamp': String(timestamp) };
}

/** The parameters the door will parse out of a form body, for signing it as Twilio would. */
function formParams(body: Buffer): Record<string, string | string[]> {
  const params = Object.create(null) as Record<string, string | string[]>;
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    const seen = params[k];
    params[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  }
  return params;
}

function makeCase(random: Random, now: number, publicBaseUrl: string): Case {
  const roll = random.next();
  if (roll < 0.55) {
    const webhooks = roll >= 0.35;
    const path = webhooks ? '/hubspot/webhooks' : `/hubspot/actions/${segment(random, ACTIONS)}`;
    const body = jsonBody(random, webhooks ? validEvents(random) : validAction(random));
    const url = publicBaseUrl + path;
    const sign = random.next();
    let headers: Record<string, string> = {};
    if (sign < 0.8) {
      headers = webhooks ? signV3(url, body, now) : signV2(url, body);
      if (!webhooks && chance(random, 0.2)) headers = { ...headers, ...signV3(url, body, now) };
    } else if (sign < 0.9) {
      headers = {
        'X-HubSpot-Signature': randomHeaderValue(random, 64),
        'X-HubSpot-Signature-Version': pick(random, [
          'v1',
          'v2',
          'v3',
          randomHeaderValue(random, 4),
        ]),
        'X-HubSpot-Signature-v3': randomHeaderValue(random, 44),
        'X-HubSpot-Request-Timestamp': pick(random, [
          String(now + randomInt(random, -1e6, 1e6)),
          randomHeaderValue(random, 16),
        ]),
      };
    }
    const type = pick(random, JSON_TYPES);
    if (type) headers['Content-Type'] = type;
    return {
      door: webhooks ? 'hubspot-webhooks' : 'hubspot-actions',
      method: 'POST',
      path,
      headers,
      body,
    };
  }

  const door = pick(random, ['status', 'inbound', 'voice']);
  const valid = validForm(random, door);
  const pairs: [string, string][] = chance(random, 0.2)
    ? Object.entries(valid)
    : mutateForm(random, valid);
  let path =
    door === 'voice'
      ? `/twilio/voice/${segment(random, ['answer', 'menu', 'status'])}?c=${encodeURIComponent(randomString(random, 20))}`
      : `/twilio/messages/${door}`;
  if (door === 'voice' && chance(random, 0.3)) {
    path += '&' + new URLSearchParams(pairs).toString();
    const headers: Record<string, string> = chance(random, 0.85)
      ? {
          'X-Twilio-Signature': twilio.getExpectedTwilioSignature(
            AUTH_TOKEN,
            publicBaseUrl + path,
            {},
          ),
        }
      : {};
    return { door: 'voice-get', method: 'GET', path, headers };
  }
  const bodyRoll = random.next();
  const body =
    bodyRoll < 0.8
      ? Buffer.from(new URLSearchParams(pairs).toString())
      : bodyRoll < 0.9
        ? randomBytes(random)
        : Buffer.from(JSON.stringify(randomJson(random)) ?? 'null');
  const headers: Record<string, string> = {};
  if (chance(random, 0.85))
    headers['X-Twilio-Signature'] = twilio.getExpectedTwilioSignature(
      AUTH_TOKEN,
      publicBaseUrl + path,
      formParams(body),
    );
  const type = chance(random, 0.8) ? FORM_TYPES[0]! : pick(random, FORM_TYPES);
  if (type) headers['Content-Type'] = type;
  return { door: `twilio-${door}`, method: 'POST', path, headers, body };
}

describe('fuzzing every door', () => {
  it(`answers ${REQUESTS} hostile requests without a 5xx, a crash or an invalid hand-over`, async () => {
    onTestFailed(() => {
      console.log(`doors fuzz failed with FUZZ_SEED=${SEED}`);
    });
    const random = seededRandom(SEED);
    const now = doors.clock.now().getTime();
    const cases = Array.from({ length: REQUESTS }, () =>
      makeCase(random, now, doors.publicBaseUrl),
    );
    const failures: string[] = [];
    const tally = new Map<string, number>();
    let next = 0;

    const worker = async () => {
      while (next < cases.length) {
        const index = next;
        next += 1;
        const c = cases[index]!;
        let status: number;
        let text: string;
        try {
          const response = await fetch(doors.baseUrl + c.path, {
            method: c.method,
            headers: c.headers,
            ...(c.body ? { body: c.body } : {}),
          });
          status = response.status;
          text = await response.text();
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          failures.push(
            `#${index} ${c.door} ${c.path}: no answer (${String(error)}, ${String(cause)})`,
          );
          continue;
        }
        const key = `${c.door} ${status}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        if (status >= 500 || !ALLOWED.has(status)) {
          failures.push(`#${index} ${c.door} ${c.path}: ${status} ${text.slice(0, 200)}`);
        } else if (status >= 400 && !/"error":"[a-z_]+"/.test(text)) {
          failures.push(`#${index} ${c.door}: ${status} without a JSON error`);
        } else if (c.door === 'hubspot-actions' && status === 200) {
          const state = (JSON.parse(text) as { outputFields: Record<string, string> }).outputFields
            .hs_execution_state;
          if (state !== 'BLOCK' && state !== 'SUCCESS') failures.push(`#${index}: state ${state}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const summary = [...tally.entries()].sort().map(([k, n]) => `${k}: ${n}`);
    expect(failures, `FUZZ_SEED=${SEED}\n${summary.join('\n')}`).toEqual([]);
    expect(doors.service.violations, `FUZZ_SEED=${SEED}`).toEqual([]);
    // The garbage reached every stage: refused signatures, validation, and real hand-overs.
    const count = (pattern: RegExp) =>
      [...tally.entries()].filter(([k]) => pattern.test(k)).reduce((n, [, v]) => n + v, 0);
    expect(count(/ 401$/), summary.join('\n')).toBeGreaterThan(50);
    expect(count(/ 400$/), summary.join('\n')).toBeGreaterThan(500);
    expect(count(/^hubspot-actions 200$/), summary.join('\n')).toBeGreaterThan(20);
    expect(count(/^hubspot-webhooks 204$/), summary.join('\n')).toBeGreaterThan(20);
    expect(count(/^twilio-\w+ 20[04]$/), summary.join('\n')).toBeGreaterThan(20);
    expect(count(/ 413$/), summary.join('\n')).toBeGreaterThan(0);

    // Still up and still right.
    expect((await fetch(`${doors.baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);
});
