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
import { loadConfig, type LoadedConfig } from './load-config.js';

export { diffMonitors, type MonitorDiff } from './diff-monitors.js';

/** What to call after a reload. */
export interface WatchConfigOptions {
  /**
   * A new valid config (not called when a reload gives the same config, written at the same
   * lines, as the last one accepted); `loaded` also gives where each monitor is written.
   */
  onChange(config: VigieConfig, loaded: LoadedConfig): void;
  /** The reload failed (usually a {@link ConfigError}); the caller keeps its current config. */
  onError(error: unknown): void;
  /** Quiet time after the last file event before reloading. */
  debounceMs?: number;
  /** The config in use now, so that a reload giving the same config at the same lines is not reported as a change. */
  initial?: LoadedConfig;
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
  const isDirectory = statSync(path).isDirectory();
  const directory = isDirectory ? path : dirname(path);
  const relevant = (name: string | null) => name === null || (isDirectory ? /\.ya?ml$/i.test(name) : name === basename(path)) || name.startsWith('..');
  const state = { closed: false, timer: undefined as NodeJS.Timeout | undefined, watcher: undefined as FSWatcher | undefined };
  const schedule = () => {
    if (state.closed) return;
    clearTimeout(state.timer);
    state.timer = setTimeout(() => void reload(), options.debounceMs ?? 300);
  };
  const reload = reloader(path, options, () => state.closed, schedule);

  const start = () => {
    if (state.closed) return;
    try {
      state.watcher = watch(directory, (_event, name) => {
        if (relevant(name === null ? null : String(name))) schedule();
      });
      state.watcher.on('error', restart);
    } catch (error) {
      options.onError(error);
      setTimeout(start, REWATCH_DELAY_MS).unref();
    }
  };
  function restart() {
    state.watcher?.close();
    state.watcher = undefined;
    if (state.closed) return;
    setTimeout(() => {
      start();
      schedule(); // the config may have changed while nothing was watching
    }, REWATCH_DELAY_MS).unref();
  }

  start();
  return {
    close() {
      state.closed = true;
      clearTimeout(state.timer);
      state.watcher?.close();
    },
  };
}

/** One reload at a time: a change seen during a load schedules another one after it. */
function reloader(path: string, options: WatchConfigOptions, isClosed: () => boolean, again: () => void): () => Promise<void> {
  let loading = false;
  let pending = false;
  const fingerprint = (loaded: LoadedConfig) => JSON.stringify([loaded.config, [...loaded.sources]]);
  let accepted = options.initial === undefined ? undefined : fingerprint(options.initial);
  return async () => {
    if (loading) return void (pending = true);
    loading = true;
    try {
      const loaded = await loadConfig(path, options.env ?? process.env);
      const serialized = fingerprint(loaded);
      if (!isClosed() && serialized !== accepted) {
        accepted = serialized;
        options.onChange(loaded.config, loaded);
      }
    } catch (error) {
      accepted = undefined; // after a failure, the next valid config is reported even if unchanged
      if (!isClosed()) options.onError(error);
    } finally {
      loading = false;
      if (pending && !isClosed()) {
        pending = false;
        again();
      }
    }
  };
}
