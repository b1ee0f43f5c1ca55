import type { Redis } from 'ioredis';

/**
 * What the service itself needs to reach a patient and that HubSpot does not hold (domain.md lets
 * only a few properties leave the practice): the phones a call may use, the PMS's contact
 * preference, the office; plus the HubSpot contact id of each patient key. Written by the sync.
 */
export interface DirectoryEntry {
  /** Every valid phone of the contact person, mobile first (E.164). */
  phones: string[];
  contactPreference: string;
  clinicId?: string;
  contactId?: string;
  /** The opaque id in the patient's booking links (no patient data in it). */
  linkId?: string;
  /** The contact person's language (messages and pages in it). */
  language?: string;
}

export interface ContactDirectory {
  setMany(entries: ReadonlyMap<string, DirectoryEntry>): Promise<void>;
  get(patientKey: string): Promise<DirectoryEntry | undefined>;
  /** The patient key of a HubSpot contact id. */
  keyOfContact(contactId: string): Promise<string | undefined>;
  /** Patient keys whose contact person has this phone (an inbound message's sender). */
  keysOfPhone(e164: string): Promise<string[]>;
  /** The patient key of a booking link id. */
  keyOfLink(linkId: string): Promise<string | undefined>;
  /** Stops using a phone for a patient (a "wrong number" reply). */
  dropPhone(patientKey: string, e164: string): Promise<void>;
  remove(patientKey: string): Promise<void>;
}

export function createRedisContactDirectory(redis: Redis, prefix: string): ContactDirectory {
  const entries = `${prefix}dir:entries`;
  const byContact = `${prefix}dir:contacts`;
  const byPhone = (n: string): string => `${prefix}dir:phone:${n}`;
  const byLink = `${prefix}dir:links`;
  return {
    async setMany(map) {
      if (map.size === 0) return;
      const m = redis.multi();
      for (const [key, entry] of map) {
        m.hset(entries, key, JSON.stringify(entry));
        if (entry.contactId) m.hset(byContact, entry.contactId, key);
        if (entry.linkId) m.hset(byLink, entry.linkId, key);
        for (const phone of entry.phones) m.sadd(byPhone(phone), key);
      }
      await m.exec();
    },
    async keyOfLink(linkId) {
      return (await redis.hget(byLink, linkId)) ?? undefined;
    },
    async dropPhone(patientKey, e164) {
      const entry = await this.get(patientKey);
      const m = redis.multi().srem(byPhone(e164), patientKey);
      if (entry)
        m.hset(
          entries,
          patientKey,
          JSON.stringify({ ...entry, phones: entry.phones.filter((p) => p !== e164) }),
        );
      await m.exec();
    },
    async get(patientKey) {
      const raw = await redis.hget(entries, patientKey);
      return raw ? (JSON.parse(raw) as DirectoryEntry) : undefined;
    },
    async keyOfContact(contactId) {
      return (await redis.hget(byContact, contactId)) ?? undefined;
    },
    async keysOfPhone(e164) {
      return redis.smembers(byPhone(e164));
    },
    async remove(patientKey) {
      const entry = await this.get(patientKey);
      const m = redis.multi().hdel(entries, patientKey);
      if (entry?.contactId) m.hdel(byContact, entry.contactId);
      if (entry?.linkId) m.hdel(byLink, entry.linkId);
      for (const phone of entry?.phones ?? []) m.srem(byPhone(phone), patientKey);
      await m.exec();
    },
  };
}

export function createMemoryContactDirectory(): ContactDirectory {
  const entries = new Map<string, DirectoryEntry>();
  const byContact = new Map<string, string>();
  return {
    async setMany(map) {
      for (const [key, entry] of map) {
        entries.set(key, entry);
        if (entry.contactId) byContact.set(entry.contactId, key);
      }
    },
    async get(patientKey) {
      return entries.get(patientKey);
    },
    async keyOfContact(contactId) {
      return byContact.get(contactId);
    },
    async keysOfPhone(e164) {
      return [...entries].filter(([, e]) => e.phones.includes(e164)).map(([k]) => k);
    },
    async keyOfLink(linkId) {
      return [...entries].find(([, e]) => e.linkId === linkId)?.[0];
    },
    async dropPhone(patientKey, e164) {
      const entry = entries.get(patientKey);
      if (entry)
        entries.set(patientKey, { ...entry, phones: entry.phones.filter((p) => p !== e164) });
    },
    async remove(patientKey) {
      const entry = entries.get(patientKey);
      entries.delete(patientKey);
      if (entry?.contactId) byContact.delete(entry.contactId);
    },
  };
}
