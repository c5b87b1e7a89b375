/**
 * @module The lock that keeps a second `vigie serve` off a SQLite database: a write transaction
 * held open on `<database>.lock` (a small SQLite file of its own) for the life of the server.
 * SQLite's lock is an operating-system lock, so it goes with its process — a server killed with
 * SIGKILL does not block the next start, and a recycled PID cannot fake a holder. The holder
 * writes its PID, host and start time in the file first, for the message the next one gives.
 */
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { createPrivateFile } from './private-file.js';

/** How long a starting server waits for the lock (the holder may be committing its details). */
const WAIT_MS = 1000;

/** Who holds the lock, as the holder wrote it. */
interface Holder {
  pid: number;
  host: string;
  since: number;
}

/** Thrown when another server holds the database; the message names the file and the holder. */
export class DatabaseInUseError extends Error {
  override readonly name = 'DatabaseInUseError';
}

const isBusy = (error: unknown) => (error as { code?: string }).code?.startsWith('SQLITE_BUSY') === true;

function readHolder(lock: Database.Database): Holder | undefined {
  try {
    return lock.prepare('select pid, host, since from holder').get() as Holder | undefined;
  } catch {
    return undefined; // the first holder has not written its details yet
  }
}

function refusal(path: string, holder: Holder | undefined): DatabaseInUseError {
  const mine = holder?.pid === process.pid && holder.host === hostname();
  const who = holder && !mine ? `process ${holder.pid} on host ${holder.host}, started ${new Date(holder.since).toISOString()}` : 'another process';
  return new DatabaseInUseError(
    `Another Vigie server is already running on the SQLite database ${path} (${who}; lock file ${path}.lock). Two servers on one database would run every check twice: stop the other one first, or give this one a database of its own (--sqlite or storage.sqlite_path).`,
  );
}

/**
 * Takes the server lock of the SQLite database at `path`, or throws a {@link DatabaseInUseError}
 * naming the holder. `release()` gives it back (so does the end of the process, however it ends).
 */
export function lockSqliteDatabase(path: string): { release(): void } {
  const lockPath = `${path}.lock`;
  createPrivateFile(lockPath);
  const lock = new Database(lockPath, { timeout: WAIT_MS });
  const begin = () => {
    try {
      lock.exec('begin immediate');
      return true;
    } catch (error) {
      if (!isBusy(error)) throw error;
      return false;
    }
  };
  try {
    if (!begin()) throw refusal(path, readHolder(lock));
    lock.exec('create table if not exists holder (pid integer not null, host text not null, since integer not null)');
    lock.exec('delete from holder');
    lock.prepare('insert into holder (pid, host, since) values (?, ?, ?)').run(process.pid, hostname(), Date.now());
    lock.exec('commit');
    // Held from here on. Another server may have slipped in between commit and begin: it won.
    if (!begin()) throw refusal(path, readHolder(lock));
  } catch (error) {
    lock.close();
    throw error;
  }
  return {
    release() {
      if (!lock.open) return;
      lock.exec('rollback');
      lock.close();
    },
  };
}
