// `vigil user …`, `vigil role …`, `vigil token …` (API tokens) and `vigil audit`: who may do
// what, and what was done.
import type { Command } from 'commander';
import { VigilError } from '@vigil/core';
import { allItems } from '@vigil/sdk';
import { PROFILES, type AuditEntry, type Profile, type Role, type User } from '@vigil/protocol';
import { connect } from '../console/api-connection.ts';
import { parseDurationMs } from '../console/durations.ts';
import { obtainPassword } from '../console/password-input.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { formatTime, renderTable } from '../output/table.ts';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

const collectValues = (value: string, previous: string[] = []): string[] => [...previous, value];

function userTable(users: readonly User[]): string {
  return renderTable(users, [
    { header: 'NAME', value: (u) => u.name },
    { header: 'DISPLAY NAME', value: (u) => u.displayName },
    { header: 'STATE', value: (u) => (u.disabledAtMs === null ? { text: 'enabled', tone: 'good' } : { text: 'disabled', tone: 'dim' }) },
    { header: 'ROLES', value: (u) => u.roles.join(', ') || '-' },
  ], 'No users.');
}

function roleTable(roles: readonly Role[]): string {
  const scope = (r: Role): string => [r.scope.groups.length ? `groups: ${r.scope.groups.join(', ')}` : '', r.scope.classes.length ? `classes: ${r.scope.classes.join(', ')}` : ''].filter(Boolean).join('; ') || 'everything';
  return renderTable(roles, [
    { header: 'NAME', value: (r) => r.name },
    { header: 'PROFILE', value: (r) => r.profile },
    { header: 'SCOPE', value: scope },
    { header: 'MEMBERS', value: (r) => r.members.join(', ') || '-' },
  ], 'No roles.');
}

function registerUserCommands(program: Command): void {
  const user = program.command('user').description('local users of the management group');
  user.command('list').description('list users with their state and roles').option('--json', 'print the users as JSON').action(async (flags: OutputFlags) => {
    const users = await collect(allItems(connect().users.list, { limit: 500 }));
    emit(flags, users, () => userTable(users));
  });
  user.command('create')
    .description('create a user (the password is asked for twice, or read with --password-stdin)')
    .argument('<name>', 'user name: letters, digits, . _ @ -')
    .option('--display-name <text>', 'full name shown in consoles')
    .option('--role <role>', 'assign this role (repeatable)', collectValues)
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print the user as JSON')
    .action(async (name: string, flags: OutputFlags & { displayName?: string; role?: string[]; passwordStdin?: boolean }) => {
      const password = await obtainPassword({ fromStdin: flags.passwordStdin === true, prompt: `Password for ${name}: `, confirm: true });
      const created = await connect().users.create({ name, password, ...(flags.displayName ? { displayName: flags.displayName } : {}), ...(flags.role ? { roles: flags.role } : {}) });
      emit(flags, created, () => `Created user ${created.name}${created.roles.length ? ` with ${created.roles.join(', ')}` : ' (no roles yet: `vigil role assign ROLE USER`)'}.\n`);
    });
  user.command('disable')
    .description('disable a user: their sessions end and their API tokens stop working')
    .argument('<name>', 'user name')
    .option('--json', 'print the user as JSON')
    .action(async (name: string, flags: OutputFlags) => {
      const disabled = await connect().users.disable(name);
      emit(flags, disabled, () => `Disabled user ${disabled.name}.\n`);
    });
  user.command('set-password')
    .description("set a user's password (their other sessions end)")
    .argument('<name>', 'user name')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, flags: OutputFlags & { passwordStdin?: boolean }) => {
      const password = await obtainPassword({ fromStdin: flags.passwordStdin === true, prompt: `New password for ${name}: `, confirm: true });
      await connect().users.setPassword(name, password);
      emit(flags, { user: name, passwordSet: true }, () => `Password of ${name} set.\n`);
    });
}

function registerRoleCommands(program: Command): void {
  const role = program.command('role').description('roles: a profile (what kind of work) plus a scope (which groups and classes)');
  role.command('list').description('list roles and their members').option('--json', 'print the roles as JSON').action(async (flags: OutputFlags) => {
    const roles = await collect(allItems(connect().roles.list, { limit: 500 }));
    emit(flags, roles, () => roleTable(roles));
  });
  role.command('create')
    .description('create a role')
    .argument('<name>', 'role name')
    .requiredOption('--profile <profile>', `one of: ${PROFILES.join(', ')}`)
    .option('--group <group>', 'limit the role to this group (repeatable; none = everything)', collectValues)
    .option('--class <class>', 'limit the role to this class (repeatable; none = every class)', collectValues)
    .option('--json', 'print the role as JSON')
    .action(async (name: string, flags: OutputFlags & { profile: string; group?: string[]; class?: string[] }) => {
      if (!(PROFILES as readonly string[]).includes(flags.profile)) throw new VigilError('VALIDATION_FAILED', { what: `--profile must be one of ${PROFILES.join(', ')}, got "${flags.profile}".` });
      const created = await connect().roles.create({ name, profile: flags.profile as Profile, scope: { groups: flags.group ?? [], classes: flags.class ?? [] } });
      emit(flags, created, () => `Created role ${created.name} (${created.profile}).\n`);
    });
  role.command('assign')
    .description('give a role to a user')
    .argument('<role>', 'role name').argument('<user>', 'user name')
    .option('--json', 'print the role as JSON')
    .action(async (roleName: string, userName: string, flags: OutputFlags) => {
      const updated = await connect().roles.assign(roleName, userName);
      emit(flags, updated, () => `${userName} now has role ${updated.name}.\n`);
    });
  role.command('unassign')
    .description('take a role away from a user')
    .argument('<role>', 'role name').argument('<user>', 'user name')
    .option('--json', 'print the role as JSON')
    .action(async (roleName: string, userName: string, flags: OutputFlags) => {
      const updated = await connect().roles.unassign(roleName, userName);
      emit(flags, updated, () => `${userName} no longer has role ${updated.name}.\n`);
    });
}

function registerApiTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens for scripts (act as you; send as Authorization: Bearer, or set VIGIL_SERVER + VIGIL_TOKEN)');
  token.command('create')
    .description('create an API token (the secret is shown once)')
    .argument('<name>', 'what the token is for')
    .option('--expires <duration>', 'e.g. 30d; default: does not expire')
    .option('--json', 'print the token as JSON')
    .action(async (name: string, flags: OutputFlags & { expires?: string }) => {
      const days = flags.expires ? Math.ceil(parseDurationMs(flags.expires, '--expires') / 86_400_000) : undefined;
      const created = await connect().tokens.create({ name, ...(days ? { expiresInDays: days } : {}) });
      emit(flags, created, () => `${created.token}\nAPI token ${created.name} (id ${created.id}); ${created.expiresAtMs ? `valid until ${formatTime(created.expiresAtMs)}` : 'does not expire'}. Shown once: store it now.\n`);
    });
  token.command('list').description('list your API tokens').option('--json', 'print the tokens as JSON').action(async (flags: OutputFlags) => {
    const tokens = await collect(allItems(connect().tokens.list, { limit: 500 }));
    emit(flags, tokens, () => renderTable(tokens, [
      { header: 'ID', value: (t) => t.id },
      { header: 'NAME', value: (t) => t.name },
      { header: 'CREATED', value: (t) => formatTime(t.createdAtMs) },
      { header: 'EXPIRES', value: (t) => formatTime(t.expiresAtMs) },
      { header: 'LAST USED', value: (t) => formatTime(t.lastUsedAtMs) },
    ], 'No API tokens.'));
  });
  token.command('revoke').description('revoke an API token').argument('<id>', 'token id').option('--json', 'print the result as JSON').action(async (id: string, flags: OutputFlags) => {
    await connect().tokens.revoke(id);
    emit(flags, { revoked: id }, () => `API token ${id} revoked.\n`);
  });
}

function registerAuditCommand(program: Command): void {
  program.command('audit')
    .description('read the audit log of changes made through the SDK API (administrators)')
    .option('--user <name>', 'only entries by this user')
    .option('--action <action>', 'only this action, e.g. agent.approve')
    .option('--since <duration>', 'only the last 90m, 24h, 7d…')
    .option('--limit <n>', 'at most this many entries (newest first)', '50')
    .option('--json', 'print the entries as JSON')
    .action(async (flags: OutputFlags & { user?: string; action?: string; since?: string; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new VigilError('VALIDATION_FAILED', { what: `--limit must be 1 to 500, got "${flags.limit}".` });
      const page = await connect().audit.list({
        limit, sort: '-atMs',
        ...(flags.user ? { user: flags.user } : {}), ...(flags.action ? { action: flags.action } : {}),
        ...(flags.since ? { sinceMs: Date.now() - parseDurationMs(flags.since, '--since') } : {}),
      });
      emit(flags, page.items, () => renderTable<AuditEntry>(page.items, [
        { header: 'TIME', value: (e) => formatTime(e.atMs) },
        { header: 'USER', value: (e) => e.userName },
        { header: 'ACTION', value: (e) => ({ text: e.action, tone: e.action.endsWith('-failed') ? 'bad' : 'plain' }) },
        { header: 'TARGET', value: (e) => (e.targetId ? `${e.targetKind} ${e.targetId}` : e.targetKind) },
        { header: 'FROM', value: (e) => e.sourceAddress ?? '-' },
      ], 'No audit entries.'));
    });
}

export function registerAccessCommands(program: Command): void {
  registerUserCommands(program);
  registerRoleCommands(program);
  registerApiTokenCommands(program);
  registerAuditCommand(program);
}
