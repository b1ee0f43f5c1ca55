import type { Redis } from 'ioredis';

/**
 * What the sync remembers per patient (keyed by pms_patient_id), written only after HubSpot
 * accepted the contact: a fingerprint of the properties sent, so an unchanged patient costs no
 * call, and what it needs to tell "came back" from "never left". Values are opaque strings here;
 * src/crm owns their meaning.
 */
export interface SyncStateStore {
  getMany(keys: readonly string[]): Promise<Map<string, string>>;
  setMany(entries: ReadonlyMap<string, string>): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
  /** Every key ever synced, in batches (for "every patient synced before"). */
  keys(): AsyncIterable<string[]>;
}

export function createRedisSyncStateStore(redis: Redis, prefix: string): SyncStateStore {
  const hash = `${prefix}sync:state`;
  return {
    async getMany(keys) {
      const result = new Map<string, string>();
      if (keys.length === 0) return result;
      const values = await redis.hmget(hash, ...keys);
      keys.forEach((k, i) => {
        const v = values[i];
        if (v !== null && v !== undefined) result.set(k, v);
      });
      return result;
    },
    async setMany(entries) {
      if (entries.size === 0) return;
      await redis.hset(hash, Object.fromEntries(entries));
    },
    async deleteMany(keys) {
      if (keys.length > 0) await redis.hdel(hash, ...keys);
    },
    async *keys() {
      let cursor = '0';
      do {
        const [next, flat] = await redis.hscan(hash, cursor, 'COUNT', 2000);
        cursor = next;
        const batch: string[] = [];
        for (let i = 0; i < flat.length; i += 2) batch.push(flat[i]!);
        if (batch.length > 0) yield batch;
      } while (cursor !== '0');
    },
  };
}

export function createMemorySyncStateStore(): SyncStateStore {
  const state = new Map<string, string>();
  return {
    async getMany(keys) {
      const result = new Map<string, string>();
      for (const k of keys) {
        const v = state.get(k);
        if (v !== undefined) result.set(k, v);
      }
      return result;
    },
    async setMany(entries) {
      for (const [k, v] of entries) state.set(k, v);
    },
    async deleteMany(keys) {
      for (const k of keys) state.delete(k);
    },
    async *keys() {
      const all = [...state.keys()];
      for (let i = 0; i < all.length; i += 2000) yield all.slice(i, i + 2000);
    },
  };
}
