/**
 * Twilio's Advanced Opt-Out keywords (messaging-facts.md). A body counts when, trimmed, it is
 * exactly one keyword in any case, as Twilio matches them.
 */
export type OptOutType = 'STOP' | 'START' | 'HELP';

const STOP = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
const START = ['START', 'UNSTOP', 'YES'];
const HELP = ['HELP', 'INFO'];

export function optOutType(body: string): OptOutType | undefined {
  const word = body.trim().toUpperCase();
  if (STOP.includes(word)) return 'STOP';
  if (START.includes(word)) return 'START';
  if (HELP.includes(word)) return 'HELP';
  return undefined;
}
