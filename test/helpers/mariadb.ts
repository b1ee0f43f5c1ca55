import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';

/**
 * A database of its own for one test file (or one benchmark run) on the local MariaDB at
 * 127.0.0.1:3306 as root without a password, created with a unique name and dropped afterwards.
 */

export const MARIADB_HOST = '127.0.0.1';
export const MARIADB_PORT = 3306;

export interface ThrowawayDatabase {
  name: string;
  /** `mysql://root@127.0.0.1:3306/<name>` */
  url: string;
  /**
   * Runs SQL in the database: a string of statements (sent in one mysql2 `multipleStatements`
   * query), or the path of a .sql file (piped through the `mariadb` client, which has no size limit).
   */
  load(sqlOrPath: string): Promise<void>;
  drop(): Promise<void>;
}

function isFilePath(value: string): boolean {
  return !/\s/.test(value) && existsSync(value);
}

async function rootConnection(database?: string) {
  return createConnection({
    host: MARIADB_HOST,
    port: MARIADB_PORT,
    user: 'root',
    database,
    multipleStatements: true,
    charset: 'utf8mb4',
  });
}

/** Pipes a file through `mariadb -uroot <name>`; rejects with the client's stderr on failure. */
export function loadFileWithClient(name: string, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mariadb', ['-uroot', `-h${MARIADB_HOST}`, `-P${MARIADB_PORT}`, name], {
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`mariadb exited with ${code}: ${stderr.trim()}`)),
    );
    createReadStream(path).pipe(child.stdin);
  });
}

export async function createThrowawayDatabase(): Promise<ThrowawayDatabase> {
  const name = `reactivate_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await rootConnection();
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: `mysql://root@${MARIADB_HOST}:${MARIADB_PORT}/${name}`,
    async load(sqlOrPath: string): Promise<void> {
      if (isFilePath(sqlOrPath)) return loadFileWithClient(name, sqlOrPath);
      const connection = await rootConnection(name);
      try {
        await connection.query(sqlOrPath);
      } finally {
        await connection.end();
      }
    },
    async drop(): Promise<void> {
      const connection = await rootConnection();
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await connection.end();
      }
    },
  };
}
