/**
 * @module WAL checkpoints off the main thread. A checkpoint copies the WAL into the database file
 * and fsyncs it; run by SQLite's auto-checkpoint it happens inside whichever commit crosses the
 * threshold, blocking the event loop (better-sqlite3 is synchronous) for up to a second on a slow
 * disk. Here a worker thread with its own connection runs PASSIVE checkpoints (they never block
 * writers), and the main connection's auto-checkpoint is switched off. If the worker dies, the
 * main connection gets its auto-checkpoint back.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* busy: next time */ } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage('stopped');
});
`;

/** Default SQLite auto-checkpoint threshold, in pages, restored if the worker fails. */
const DEFAULT_AUTOCHECKPOINT = 1000;

export interface Checkpointer {
  stop(): Promise<void>;
}

/** Starts checkpointing `path` from a worker every `everyMs`; `database` is the main connection. */
export function startCheckpointer(database: BetterSqlite3.Database, path: string, everyMs = 1000): Checkpointer {
  const modulePath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, everyMs, modulePath } });
  worker.unref();
  database.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const fallBack = () => {
    if (!stopping && database.open) database.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  };
  worker.on('error', fallBack);
  worker.on('exit', fallBack);
  return {
    stop() {
      stopping = true;
      return new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once('message', () => void worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.postMessage('stop');
        setTimeout(() => void worker.terminate().then(done, done), 5000).unref();
      });
    },
  };
}
