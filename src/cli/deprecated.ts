import { Option, type Command } from 'commander';

/** An older spelling of a flag, kept working but unlisted. */
export interface DeprecatedFlag {
  /** The old flag with its value placeholder, e.g. `--data-dir <dir>` or `--unweighted`. */
  flags: string;
  /** The flag to use instead, as the notice names it (e.g. `--data`). */
  use: string;
  /** Option key (commander's camelCase attribute) the value is given to. */
  key: string;
  /** The value for `key` (default: the old flag's own value). */
  value?: (old: unknown) => unknown;
}

/**
 * Adds hidden, deprecated flags to `cmd`: each still works, prints a one-line notice on stderr
 * naming the flag to use, and sets the current option (unless that was given too, which wins).
 */
export function addDeprecatedFlags(cmd: Command, deprecated: DeprecatedFlag[]): Command {
  const options = deprecated.map((d) => ({ d, option: new Option(d.flags).hideHelp() }));
  for (const { option } of options) cmd.addOption(option);
  cmd.hook('preAction', (self) => {
    for (const { d, option } of options) {
      const old = self.getOptionValue(option.attributeName());
      if (old === undefined) continue;
      process.stderr.write(`hubgraph: ${option.long} is deprecated; use ${d.use}\n`);
      if (self.getOptionValueSource(d.key) !== 'cli') self.setOptionValueWithSource(d.key, d.value ? d.value(old) : old, 'cli');
    }
  });
  return cmd;
}

/** `--unweighted` (analyze, diff) before the library, API and CLI said `weighted` (default true). */
export const UNWEIGHTED: DeprecatedFlag = { flags: '--unweighted', use: '--no-weighted', key: 'weighted', value: () => false };
