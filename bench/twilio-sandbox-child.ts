/**
 * The Twilio sandbox in a process of its own, for bench/send-throughput.ts: the times at which
 * messages arrive are Twilio's side of the measurement, and the bench process (which also holds
 * the HubSpot sandbox and its tens of thousands of contacts) pauses for garbage collection long
 * enough to stamp a queue of requests as if they had arrived together.
 *
 * Prints one JSON line (base URL and credentials); over IPC answers `count` with the number of
 * messages received and `times` with each message's arrival in epoch milliseconds.
 *
 *   node --import tsx bench/twilio-sandbox-child.ts [--deliver-after-ms 3600000]
 */
import { parseArgs } from 'node:util';
import { startTwilioSandbox } from '../src/sandbox/twilio/index.ts';

const { values } = parseArgs({
  options: { 'deliver-after-ms': { type: 'string', default: '3600000' } },
});
const twilio = await startTwilioSandbox({ deliverAfterMs: Number(values['deliver-after-ms']) });
const messages = () => twilio.outbox.filter((m) => m.kind === 'message');
process.on('message', (ask: 'count' | 'times' | 'stop') => {
  if (ask === 'count') process.send!({ count: messages().length });
  else if (ask === 'times') process.send!({ times: messages().map((m) => m.at.getTime()) });
  else void twilio.stop().then(() => process.exit(0));
});
process.stdout.write(
  `${JSON.stringify({ baseUrl: twilio.baseUrl, accountSid: twilio.accountSid, authToken: twilio.authToken })}\n`,
);
