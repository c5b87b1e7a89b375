/**
 * @module Watches the config file or directory and reloads it on change.
 *
 * It watches the directory (the file's parent, or the config directory itself) rather than the
 * file, so editors that save by writing a temporary file and renaming it over the original are
 * seen; if the watch itself fails (the directory was replaced), it is set up again. Changes are
 * debounced, loaded and validated; the result goes to `onChange` or `onError`. Swapping the new
 * config into the engine is the caller's job (see {@link diffMonitors}).
 */
import { statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { VigieConfig } from './config.schema.js';
import { loadConfig } from './load-config.js';

export { diffMonitors, type MonitorDiff } from './diff-monitors.js';

/** What to call after a reload. */
export interface WatchConfigOptions {
  /** A new valid config (not called when a reload gives the same config as the last one accepted). */
  onChange(config: VigieConfig): void;
  /** The reload failed (usually a {@link ConfigError}); the caller keeps its current config. */
  onError(error: unknown): void;
  /** Quiet time after the last file event before reloading. */
  debounceMs?: number;
  /** The config in use now, so that a reload giving the same config is not reported as a change. */
  initial?: VigieConfig;
  /** Environment for `${VAR}` expansion (defaults to `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A running watch. */
export interface ConfigWatch {
  /** Stops watching; no callback is made afterwards. */
  close(): void;
}

const REWATCH_DELAY_MS = 500;

/**
 * Watches `path` (a file or a directory of YAML files) and reloads it after changes. Events on
 * names starting with `..` are also followed: Kubernetes swaps a mounted ConfigMap's `..data` link.
 */
export function watchConfig(path: string, options: WatchConfigOptions): ConfigWatch {
  const { onChange, onError, debounceMs = 300, env = process.env } = options;
  const isDirectory = statSync(path).isDirectory();
  const directory = isDirectory ? path : dirname(path);
  const relevant = (name: string | null) => name === null || (isDirectory ? /\.ya?ml$/i.test(name) : name === basename(path)) || name.startsWith('..');
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let loading = false;
  let pending = false;
  let accepted = options.initial === undefined ? undefined : JSON.stringify(options.initial);

  const reload = async (): Promise<void> => {
    if (loading) return void (pending = true);
    loading = true;
    try {
      const { config } = await loadConfig(path, env);
      const serialized = JSON.stringify(config);
      if (!closed && serialized !== accepted) {
        accepted = serialized;
        onChange(config);
      }
    } catch (error) {
      accepted = undefined; // after a failure, the next valid config is reported even if unchanged
      if (!closed) onError(error);
    } finally {
      loading = false;
      if (pending && !closed) {
        pending = false;
        schedule();
      }
    }
  };

  const schedule = () => {
    if (closed) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
  };

  const start = () => {
    if (closed) return;
    try {
      watcher = watch(directory, (_event, name) => {
        if (relevant(name === null ? null : String(name))) schedule();
      });
      watcher.on('error', () => restart());
    } catch (error) {
      onError(error);
      setTimeout(start, REWATCH_DELAY_MS).unref();
    }
  };

  const restart = () => {
    watcher?.close();
    watcher = undefined;
    if (closed) return;
    setTimeout(() => {
      start();
      schedule(); // the config may have changed while nothing was watching
    }, REWATCH_DELAY_MS).unref();
  };

  start();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
