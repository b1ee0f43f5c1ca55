import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors.ts';
import { parseOpenDentalUrl } from './connection.ts';

describe('parseOpenDentalUrl', () => {
  it('reads user, password (percent-encoded), host, port and database', () => {
    expect(
      parseOpenDentalUrl('mysql://od%20user:p%40ss%2Fword@db.example.com:3307/opendental'),
    ).toEqual({
      host: 'db.example.com',
      port: 3307,
      user: 'od user',
      password: 'p@ss/word',
      database: 'opendental',
    });
  });

  it("defaults to port 3306 and Open Dental's root user, and accepts mariadb://", () => {
    expect(parseOpenDentalUrl('mariadb://127.0.0.1/od')).toEqual({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'od',
    });
  });

  it('refuses what is not a MySQL URL naming a database, without repeating the password', () => {
    for (const url of [
      'postgres://u:hunter22@h/db',
      'mysql://u:hunter22@h/',
      'not a url hunter22',
    ]) {
      let error: unknown;
      try {
        parseOpenDentalUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).not.toContain('hunter22');
    }
  });
});
