import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './lib/errors.ts';
import { EXAMPLE_PRACTICE_FILE, loadConfig, readEnvironment, readPracticeFile } from './config.ts';

describe('configuration', () => {
  it('defaults: the sync every 15 minutes, HubSpot 190 calls per 10 s and 4 searches a second', () => {
    const env = readEnvironment({});
    expect(env.SYNC_SCHEDULE).toBe('*/15 * * * *');
    expect(env.HUBSPOT_REQUESTS_PER_10S).toBe(190);
    expect(env.HUBSPOT_SEARCH_PER_SECOND).toBe(4);
  });

  it('the example practice file in the repo is valid: offices with time zones, phones, booking URLs, windows, assumptions', () => {
    const practice = readPracticeFile(EXAMPLE_PRACTICE_FILE);
    expect(practice.locations.length).toBeGreaterThan(0);
    for (const location of practice.locations) {
      expect(location.timeZone).toMatch(/^[A-Za-z]+\/[A-Za-z_]+/);
      expect(location.phone.replace(/[^\d+]/g, '')).toMatch(/^\+\d{8,15}$/);
      expect(location.bookingUrl).toMatch(/^https:\/\//);
    }
    expect(practice.windows).toBeDefined();
    expect(practice.estimate).toBeDefined();
    // Without PRACTICE_CONFIG, outside production, the service uses this file.
    expect(loadConfig({}).practiceFile).toBe(EXAMPLE_PRACTICE_FILE);
  });

  it('a wrong practice file is refused with every problem named by its path in the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'practice-'));
    const path = join(dir, 'practice.json');
    writeFileSync(path, JSON.stringify({ name: 'X', locations: [{ name: 'A' }] }));
    try {
      readPracticeFile(path);
      expect.unreachable('a broken practice file was accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems.length).toBeGreaterThan(1);
      expect(problems.every((p) => p.startsWith(`${path}: `))).toBe(true);
      expect(problems.some((p) => p.includes('locations.0'))).toBe(true);
    }
    writeFileSync(path, '{ not json');
    expect(() => readPracticeFile(path)).toThrow(/cannot read .* as JSON/);
  });

  it('production without a practice file, or with a bad number, lists what is wrong', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PRACTICE_CONFIG: required/);
    expect(() => readEnvironment({ HUBSPOT_REQUESTS_PER_10S: 'many' })).toThrow(
      /HUBSPOT_REQUESTS_PER_10S/,
    );
  });
});
