import type { Redis } from 'ioredis';

/**
 * The counts behind automatic variant choice: per key (`segment|channel`) and variant, how many
 * messages were chosen automatically with it (trials) and how many of them led to a booking
 * (successes). Counts only grow, by atomic increments, so every instance can add to them at once.
 * Kept without expiry: they are what the service has learnt.
 */
export interface BanditArmCounts {
  variant: string;
  trials: number;
  successes: number;
}

export interface BanditStats {
  recordTrial(key: string, variant: string): Promise<void>;
  recordSuccess(key: string, variant: string): Promise<void>;
  /** The variants counted under `key`, sorted by variant; empty when nothing was counted. */
  arms(key: string): Promise<BanditArmCounts[]>;
  /** Every key with its arms (the dashboard's table). */
  all(): Promise<Map<string, BanditArmCounts[]>>;
}

type Counter = 'trials' | 'successes';

/** Hash fields are `<variant>:trials` and `<variant>:successes`. */
function armsOfHash(hash: Record<string, string>): BanditArmCounts[] {
  const byVariant = new Map<string, BanditArmCounts>();
  for (const [field, raw] of Object.entries(hash)) {
    const cut = field.lastIndexOf(':');
    const variant = field.slice(0, cut);
    const counter = field.slice(cut + 1);
    if (counter !== 'trials' && counter !== 'successes') continue;
    const arm = byVariant.get(variant) ?? { variant, trials: 0, successes: 0 };
    arm[counter] = Number(raw);
    byVariant.set(variant, arm);
  }
  return sortArms([...byVariant.values()]);
}

function sortArms(arms: BanditArmCounts[]): BanditArmCounts[] {
  return arms.sort((a, b) => a.variant.localeCompare(b.variant));
}

export function createRedisBanditStats(redis: Redis, prefix: string): BanditStats {
  const keys = `${prefix}bandit:keys`;
  const hash = (key: string): string => `${prefix}bandit:arms:${key}`;
  const increment = async (key: string, variant: string, counter: Counter): Promise<void> => {
    await redis.multi().sadd(keys, key).hincrby(hash(key), `${variant}:${counter}`, 1).exec();
  };
  return {
    recordTrial: (key, variant) => increment(key, variant, 'trials'),
    recordSuccess: (key, variant) => increment(key, variant, 'successes'),
    async arms(key) {
      return armsOfHash(await redis.hgetall(hash(key)));
    },
    async all() {
      const members = (await redis.smembers(keys)).sort();
      if (members.length === 0) return new Map();
      const pipeline = redis.pipeline();
      for (const key of members) pipeline.hgetall(hash(key));
      const results = (await pipeline.exec()) ?? [];
      return new Map(
        members.map((key, i) => {
          const [error, value] = results[i] ?? [null, {}];
          if (error) throw error;
          return [key, armsOfHash(value as Record<string, string>)];
        }),
      );
    },
  };
}

export function createMemoryBanditStats(): BanditStats {
  const counts = new Map<string, Map<string, BanditArmCounts>>();
  const increment = async (key: string, variant: string, counter: Counter): Promise<void> => {
    const arms = counts.get(key) ?? new Map<string, BanditArmCounts>();
    const arm = arms.get(variant) ?? { variant, trials: 0, successes: 0 };
    arm[counter]++;
    arms.set(variant, arm);
    counts.set(key, arms);
  };
  const copy = (key: string): BanditArmCounts[] =>
    sortArms([...(counts.get(key)?.values() ?? [])].map((arm) => ({ ...arm })));
  return {
    recordTrial: (key, variant) => increment(key, variant, 'trials'),
    recordSuccess: (key, variant) => increment(key, variant, 'successes'),
    async arms(key) {
      return copy(key);
    },
    async all() {
      return new Map([...counts.keys()].sort().map((key) => [key, copy(key)]));
    },
  };
}
