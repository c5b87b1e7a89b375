/** @module `vigie notify test <channel>`: sends a test message through a channel of the configuration now, and prints what the provider answered. */
import { Command, Option } from 'commander';
import { loadConfig } from '../../config/load-config.js';
import { ChannelTestInputError, sendChannelTest } from '../../notifications/channel-test.js';
import { toNotificationsModel } from '../../notifications/notifications-config.js';
import { withConfigOption } from '../options.js';

type TestOpts = { config: string; to?: string; language?: 'en' | 'fr' };

async function testChannel(id: string, opts: TestOpts): Promise<void> {
  const { config } = await loadConfig(opts.config);
  const model = toNotificationsModel(config);
  const channel = model.channels.get(id);
  if (!channel) {
    const known = [...model.channels.keys()];
    process.stderr.write(`vigie notify: unknown channel "${id}"; ${known.length > 0 ? `channels: ${known.join(', ')}` : `${opts.config} defines no channel`}\n`);
    process.exitCode = 2;
    return;
  }
  let result;
  try {
    result = await sendChannelTest(channel, { to: opts.to, language: opts.language ?? model.language, now: Date.now() });
  } catch (error) {
    if (!(error instanceof ChannelTestInputError)) throw error;
    process.stderr.write(`vigie notify: --${error.field}: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const name = `channel "${channel.id}" (${channel.kind})`;
  if (result.ok) {
    process.stdout.write(`${name}: sent${result.status !== null ? ` — ${result.status}` : ''}${result.answer ? `: ${result.answer}` : ''}\n`);
    return;
  }
  process.stdout.write(`${name}: failed — ${result.error} (${result.permanent ? 'permanent: trying again will not help' : 'temporary: worth trying again'})\n`);
  process.exitCode = 1;
}

/** The `notify` command. */
export function notifyCommand(): Command {
  const cmd = new Command('notify').description('Notification channels of the configuration.');
  withConfigOption(cmd.command('test').description("Send a test message through a channel now (no server needed) and print the provider's answer. Exit 0 when it was accepted, 1 when refused or unreachable, 2 on bad input.").argument('<channel>', 'the channel id'))
    .option('--to <address>', 'the address to test with, for channels that send to people (e-mail, SMS…)')
    .addOption(new Option('--language <language>', 'language of the test message (default: notifications.language)').choices(['en', 'fr']))
    .action(testChannel);
  return cmd;
}
