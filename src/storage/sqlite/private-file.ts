/**
 * @module Creates a file readable by its owner only (0600), and its folder (0700) when missing.
 * SQLite gives its `-wal`, `-shm` and `-journal` files the mode of the database file, so a
 * database created this way stays private whatever the umask.
 */
import { closeSync, constants, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** Mode of the files Vigie creates for a database: read and write for their owner only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of a folder Vigie creates for a database. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `path` empty with mode 0600 unless it exists (an existing file keeps its mode), and
 * the missing folders above it with mode 0700.
 */
export function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    closeSync(openSync(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
