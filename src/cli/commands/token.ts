import { Option, type Command } from 'commander';
import { createToken, listTokens, revokeToken, TOKEN_ROLES } from '../../store/index.ts';
import { action, emit, table } from '../output.ts';
import { addStoreOptions, withStore, type StoreFlags } from './workspace.ts';

export function register(program: Command): void {
  const token = program.command('token').description('API tokens for the HTTP server (only their SHA-256 is stored)');

  addStoreOptions(token.command('create').description('create a token and print it once'))
    .requiredOption('--name <name>', 'who or what the token is for')
    .addOption(new Option('--role <role>', 'what it may do').choices([...TOKEN_ROLES]).makeOptionMandatory())
    .action(
      action(async (o: StoreFlags & { name: string; role: string }) => {
        const r = await withStore(o, (s) => createToken(s, { name: o.name, role: o.role, actor: o.as }));
        emit(o, { token: r.token, ...r.info }, () => `${r.token}\n(token "${r.info.name}", role ${r.info.role}: shown only now, store it safely)`);
      }),
    );

  addStoreOptions(token.command('list').description('list tokens (never the tokens themselves)')).action(
    action(async (o: StoreFlags) => {
      const list = await withStore(o, (s) => listTokens(s));
      emit(o, { tokens: list }, () =>
        list.length
          ? table(
              ['name', 'role', 'created', 'last used', 'revoked'],
              list.map((t) => [t.name, t.role, t.createdAt.slice(0, 19), t.lastUsedAt?.slice(0, 19) ?? 'never', t.revoked ? t.revokedAt!.slice(0, 19) : '']),
            )
          : 'no tokens yet (hubgraph token create --name NAME --role viewer|coordinator|admin)',
      );
    }),
  );

  addStoreOptions(token.command('revoke <name>').description('revoke a token; it stops working at once')).action(
    action(async (name: string, o: StoreFlags) => {
      const t = await withStore(o, (s) => revokeToken(s, name, o.as));
      emit(o, t, () => `revoked token ${t.name}`);
    }),
  );
}
