/** @module Tests of merging positioned config trees. */
import { describe, it, expect } from 'vitest';
import { mergeNodes, toPlain } from './config-tree.js';
import { parseConfigText } from './parse-config-text.js';
import { formatIssue, type ConfigIssue } from './config-error.js';

const tree = (text: string, file: string) => parseConfigText(text, file, {}).tree!;

describe('mergeNodes', () => {
  it('deep-merges maps, concatenates lists and accepts equal scalars', () => {
    const issues: ConfigIssue[] = [];
    const merged = mergeNodes(
      tree('server:\n  host: 0.0.0.0\n  port: 80\nmonitors:\n  - id: a\n', 'a.yaml'),
      tree('server:\n  port: 80\n  public_url: https://x.test\nmonitors:\n  - id: b\n', 'b.yaml'),
      [],
      issues,
    );
    expect(issues).toEqual([]);
    expect(toPlain(merged)).toEqual({ server: { host: '0.0.0.0', port: 80, public_url: 'https://x.test' }, monitors: [{ id: 'a' }, { id: 'b' }] });
  });

  it('names both files when a scalar differs, and when a map meets a value', () => {
    const issues: ConfigIssue[] = [];
    mergeNodes(tree('server:\n  port: 3000\nlog:\n  level: info\n', 'a.yaml'), tree('server:\n  port: 4000\nlog: debug\n', 'b.yaml'), [], issues);
    expect(issues.map(formatIssue)).toEqual([
      'b.yaml:2:3 server.port: set to 4000 here but to 3000 in a.yaml:2:3; set it in one file only',
      'b.yaml:3:1 log: set to "debug" here but to a map in a.yaml:3:1; set it in one file only',
    ]);
  });
});
