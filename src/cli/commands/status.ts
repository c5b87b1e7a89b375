/**
 * @module `vigie status export|mirror|serve`: the public status pages outside the server.
 *
 * - `export --out DIR --base-url URL [--page ID]` reads the store once and writes the pages as
 *   static files (HTML in each language, Statuspage JSON, feeds, badges, logo) for any file
 *   server, CDN or object store (`src/status/static-export.ts`).
 * - `mirror` does the same and keeps the folder current: it rebuilds when the store changes (a
 *   probe every `--every`), every minute, and marks the pages stale while the store cannot be
 *   read, writing changed files atomically (`src/status/status-mirror.ts`).
 * - `serve` runs the pages' HTTP routes alone, reading the server's database, without the engine
 *   or the API (`src/status/status-server.ts`).
 *
 * All three read the server's configuration (its `status_pages`) and its database, take no
 * server lock and apply no migration: they run beside `vigie serve`, on the same machine or not.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { targetPolicyOf } from '../../api/services/target-policy.js';
import { loadConfig } from '../../config/load-config.js';
import type { VigieConfig } from '../../config/config.schema.js';
import { parseDuration } from '../../core/duration.js';
import { incidentContextBuilder } from '../../incidents/incident-context.js';
import type { MaintenanceWindow } from '../../maintenance/maintenance.types.js';
import { createLogger, type Logger } from '../../logger.js';
import { LogoFiles } from '../../status/logo-files.js';
import { SnapshotBuilder } from '../../status/snapshot.js';
import { selectPages, siteFiles, type ExportSelection } from '../../status/static-export.js';
import { writeStaticSite } from '../../status/static-writer.js';
import { StatusMirror } from '../../status/status-mirror.js';
import { buildStatusServer } from '../../status/status-server.js';
import { StatusService } from '../../status/status-service.js';
import { SubscriptionLinks } from '../../status/subscription-links.js';
import { SubscriptionService } from '../../status/subscription-service.js';
import { webhookGuard } from '../../status/webhook-target.js';
import { openStore } from '../../storage/open-store.js';
import type { Store } from '../../storage/store.js';
import { withStoreOptions } from '../options.js';
import { commandConfigPath, storeOptions, type StoreCommandFlags } from '../store-options.js';

type SiteFlags = StoreCommandFlags & { out: string; baseUrl: string; page?: string };
type MirrorFlags = SiteFlags & { every: string };
type ServeFlags = StoreCommandFlags & { host?: string; port?: string };

/** The configuration and the database the commands read. */
interface Sources {
  config: VigieConfig;
  configPath: string;
  store: Store;
}

async function openSources(flags: StoreCommandFlags): Promise<Sources> {
  const configPath = commandConfigPath(flags);
  if (configPath === undefined) throw new Error(`needs the server's configuration (its status_pages): give --config <path> or VIGIE_CONFIG; looked for ./vigie.yaml and ./vigie.d/ in ${process.cwd()}`);
  const { config } = await loadConfig(configPath);
  if (config.status_pages.length === 0) throw new Error(`${configPath} has no status_pages: nothing to show`);
  const store = await openStore(storeOptions(flags, config));
  return { config, configPath, store };
}

/** The folder relative logo paths are read from: the config's folder (as `vigie serve` does). */
function configDirOf(configPath: string): string {
  try {
    return statSync(configPath).isDirectory() ? configPath : dirname(configPath);
  } catch {
    return dirname(configPath);
  }
}

/** Every maintenance window in force: the config's and the API's (stored). */
function windowsOf(s: Sources): () => Promise<readonly MaintenanceWindow[]> {
  const contextOf = incidentContextBuilder();
  return async () => contextOf(s.config, await s.store.incidents.listWindows()).windows;
}

/** A status service reading the store without the bus: its probe sees the server's writes. */
function statusService(s: Sources, log: Logger, probeMs?: number): StatusService {
  return new StatusService({ store: s.store, log, config: () => s.config, windows: windowsOf(s), publicUrl: () => s.config.server.public_url, configDir: configDirOf(s.configPath), ...(probeMs ? { probeMs } : {}) });
}

/** `--base-url`, checked before anything is opened. */
function baseUrlOf(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new Error(`--base-url: ${JSON.stringify(text)} is not an absolute http(s) URL without query such as https://status-mirror.example.org (the address the files will be served at)`);
  }
  return text.replace(/\/+$/, '');
}

/** Says on stderr which pages are left out, or exported without their token check. */
function warnAboutPrivatePages(selection: ExportSelection, config: VigieConfig): void {
  if (selection.skippedPrivate.length > 0) process.stderr.write(`private status pages left out (a static copy cannot check their token): ${selection.skippedPrivate.join(', ')}\n`);
  const named = config.status_pages.find((p) => selection.single && p.id === selection.pageIds[0] && p.private_token !== undefined);
  if (named) process.stderr.write(`warning: "${named.id}" is a private page; its static copy has no token check: serve it only behind access control of your own\n`);
}

async function exportAction(flags: SiteFlags): Promise<void> {
  const baseUrl = baseUrlOf(flags.baseUrl);
  const sources = await openSources(flags);
  try {
    const selection = selectPages(sources.config.status_pages, flags.page);
    warnAboutPrivatePages(selection, sources.config);
    const now = Date.now();
    const snapshots = await new SnapshotBuilder(sources.store).build(sources.config, await windowsOf(sources)(), now);
    const files = await siteFiles(snapshots, selection, { baseUrl, now, publicUrl: sources.config.server.public_url, logos: new LogoFiles(configDirOf(sources.configPath)) });
    const outcome = await writeStaticSite(flags.out, files);
    process.stdout.write(`exported ${selection.pageIds.join(', ')} to ${resolve(flags.out)}: ${outcome.written.length} files written, ${outcome.unchanged} unchanged, ${outcome.removed.length} removed\n`);
  } finally {
    await sources.store.close();
  }
}

/** Runs until SIGTERM or SIGINT, then `stop()` and exit 0 (1 if stopping failed). */
function untilSignal(log: Logger, stop: () => Promise<unknown>): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}

async function mirrorAction(flags: MirrorFlags): Promise<void> {
  const baseUrl = baseUrlOf(flags.baseUrl);
  const every = parseDuration(flags.every);
  if (every === undefined || every < 250 || every > 3_600_000) throw new Error(`--every: ${JSON.stringify(flags.every)} is not a duration between 250ms and 1h such as 10s`);
  const log = createLogger();
  const sources = await openSources(flags);
  const selection = selectPages(sources.config.status_pages, flags.page);
  warnAboutPrivatePages(selection, sources.config);
  const mirror = new StatusMirror({
    service: statusService(sources, log, every),
    dir: resolve(flags.out),
    selection,
    site: { baseUrl, publicUrl: sources.config.server.public_url, logos: new LogoFiles(configDirOf(sources.configPath)) },
    log,
  });
  // The status service's timers do not hold the process (they are built for `vigie serve`): this does, until a signal.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  untilSignal(log, async () => {
    clearInterval(keepAlive);
    await mirror.stop();
    await sources.store.close();
  });
  await mirror.start();
  log.info({ dir: resolve(flags.out), pages: selection.pageIds, every: flags.every }, `Vigie is mirroring the status pages into ${resolve(flags.out)}`);
}

/** Listens, or throws an error naming the address and how to choose another. */
async function listen(server: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (code === 'EADDRINUSE') throw new Error(`Cannot listen on ${where}: the port is already in use (by vigie serve?). Choose another with --port.`, { cause: error });
    if (code === 'EACCES') throw new Error(`Cannot listen on ${where}: permission denied (ports below 1024 need privileges). Choose another with --port.`, { cause: error });
    throw error;
  }
}

async function serveAction(flags: ServeFlags): Promise<void> {
  const port = flags.port === undefined ? undefined : Number(flags.port);
  if (port !== undefined && (!/^\d{1,5}$/.test(flags.port!) || port > 65_535)) throw new Error(`--port: ${JSON.stringify(flags.port)} is not a port number (0 to 65535)`);
  const log = createLogger();
  const sources = await openSources(flags);
  const { config, store } = sources;
  const status = statusService(sources, log);
  let url = '';
  const publicUrl = () => (config.server.public_url ?? url).replace(/\/+$/, '');
  const subscriptions = new SubscriptionService({ store, config: () => config, publicUrl, links: new SubscriptionLinks(store), guard: webhookGuard(targetPolicyOf(() => config.api.monitor_targets)), now: Date.now });
  const server = await buildStatusServer({ status: () => status, subscriptions: () => subscriptions, logger: log, http: { corsOrigins: config.server.cors?.origins ?? [] } });
  untilSignal(log, async () => {
    await server.close();
    await status.stop();
    await store.close();
  });
  await status.start();
  url = (await listen(server, flags.host ?? config.server.host, port ?? config.server.port)).replace('0.0.0.0', '127.0.0.1');
  log.info({ url, pages: status.pages().map((p) => p.id), database: store.dialect }, `Vigie is listening on ${url} (status pages only)`);
}

export function statusCommand(): Command {
  const cmd = new Command('status').description('Public status pages outside the server: export them as static files, keep such a copy current, or serve them alone.');
  const site = (c: Command) =>
    withStoreOptions(c)
      .requiredOption('--out <dir>', 'the folder to write the files into (created when missing)')
      .requiredOption('--base-url <url>', 'the address the folder will be served at, e.g. https://status-mirror.example.org (links in the JSON and feeds)')
      .option('--page <id>', 'export this page alone, at the root of the folder (default: every public page, each in <dir>/<page-id>/)');
  cmd.addCommand(site(new Command('export').description('Write the status pages as static files (HTML, Statuspage JSON, feeds, badges, logo).')).action(exportAction));
  cmd.addCommand(
    site(new Command('mirror').description('Write the status pages as static files and rewrite them as things change, until stopped.'))
      .option('--every <duration>', 'how often to look for changes in the database (250ms to 1h)', '5s')
      .action(mirrorAction),
  );
  cmd.addCommand(
    withStoreOptions(new Command('serve').description('Serve the status pages alone (no checks, no API), reading the server\'s database.'))
      .option('--host <host>', 'address to listen on (default: server.host from the config)')
      .option('--port <port>', 'port to listen on (default: server.port from the config)')
      .action(serveAction),
  );
  return cmd;
}
