import type { Connection } from './connection.ts';
import type { Row } from './row-mappers.ts';

/**
 * One streaming query as a pull-based queue of rows. mysql2 pushes rows as they are parsed; the
 * queue pauses the socket when `HIGH` rows wait unread and resumes it at `LOW`, so a table is
 * never held in memory. The consumer reads rows synchronously and awaits only when the queue is
 * empty, once per batch rather than once per row (an async iterator per row costs more than the
 * parsing does).
 */

// Measured with bench/audit-opendental.ts: 256–1,024 rows use the least CPU; 4,096 and more cost
// more in garbage collection (rows live long enough to be copied) and 50–120 MB more memory.
const HIGH = 1024;
const LOW = 256;
/** Consumed rows are dropped from the front of the buffer once this many have piled up. */
const COMPACT_AT = 1024;

export class RowSource {
  private buffer: Row[] = [];
  private position = 0;
  private ended = false;
  private failure: unknown = undefined;
  private paused = false;
  private wake: (() => void) | undefined;
  private readonly connection: Connection;

  constructor(connection: Connection, sql: string) {
    this.connection = connection;
    const query = connection.query({ sql, rowsAsArray: true });
    query.on('result', (row: unknown) => {
      this.buffer.push(row as Row);
      if (!this.paused && this.buffer.length - this.position >= HIGH) {
        this.paused = true;
        this.connection.pause();
      }
      this.notify();
    });
    query.on('error', (error: unknown) => {
      this.failure = error;
      this.notify();
    });
    query.on('end', () => {
      this.ended = true;
      this.notify();
    });
  }

  /** True once every row has been read (and consumed). */
  get done(): boolean {
    return this.ended && this.position >= this.buffer.length;
  }

  /** The next row without consuming it, or undefined when none is buffered (see `fill`). */
  peek(): Row | undefined {
    if (this.failure !== undefined) throw this.failure;
    return this.position < this.buffer.length ? this.buffer[this.position] : undefined;
  }

  /** Consumes the row `peek` returned. */
  skip(): void {
    this.position++;
    if (this.position >= COMPACT_AT) {
      this.buffer = this.buffer.slice(this.position);
      this.position = 0;
    }
    if (this.paused && this.buffer.length - this.position <= LOW) {
      this.paused = false;
      // Resuming replays packets mysql2 queued while paused: rows may be pushed synchronously.
      this.connection.resume();
    }
  }

  /** Waits until a row is buffered, the query has ended, or it failed. */
  async fill(): Promise<void> {
    while (this.failure === undefined && !this.ended && this.position >= this.buffer.length) {
      if (this.paused) {
        this.paused = false;
        this.connection.resume();
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure !== undefined) throw this.failure;
  }

  private notify(): void {
    const wake = this.wake;
    if (wake !== undefined) {
      this.wake = undefined;
      wake();
    }
  }
}
