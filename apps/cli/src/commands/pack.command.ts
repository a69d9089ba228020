// `vigil pack validate | import | export | list | remove` (docs/management-packs.md). Validation
// and import happen on the server; `export --seal-with key.pem` seals the exported pack locally
// with core's sealPack, so the private key never leaves this machine.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { parsePack, sealPack, serializePack, VigilError } from '@vigil/core';
import type { PackValidation } from '@vigil/protocol';
import { connect, readCaFile } from '../console/api-connection.ts';
import { emit, type OutputFlags } from '../output/emit.ts';
import { withProgress } from '../output/progress.ts';
import { formatTime, paint, renderTable } from '../output/table.ts';
import { EXIT, reportFailure } from '../output/failure.ts';

function readPack(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new VigilError('CONFIG_FILE_UNREADABLE', { path: file, reason: (error as Error).message }, { cause: error });
  }
}

export function registerPackCommands(program: Command): void {
  const pack = program.command('pack').description('management packs');

  pack.command('validate')
    .description('check pack files against the installed packs without importing (problems as file:line)')
    .argument('<files...>', 'pack files (.pack.yaml)')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], flags: OutputFlags) => {
      const client = connect();
      const results: Array<PackValidation & { file: string }> = [];
      for (const file of files) results.push({ file, ...(await client.packs.validate(readPack(file), basename(file))) });
      emit(flags, results, () => results.map((r) => r.valid
        ? `${paint('valid', 'bold')} ${r.file}: ${r.name} ${r.version}\n${r.warnings.map((w) => `  warning: ${w}\n`).join('')}`
        : `${paint('invalid', 'bold')} ${r.file}\n${r.problems.map((p) => `  ${p}\n`).join('')}`).join(''));
      if (results.some((r) => !r.valid)) process.exitCode = EXIT.usage;
    });

  pack.command('import')
    .description('import pack files (each validated; agent configurations are recompiled)')
    .argument('<files...>', 'pack files (.pack.yaml)')
    .option('--json', 'print the results as JSON')
    .action(async (files: string[], flags: OutputFlags) => {
      const client = connect();
      const outcomes = await withProgress('Importing packs', files, (file) => client.packs.import(readPack(file), basename(file)));
      const imported = outcomes.flatMap((o) => (o.result ? [o.result] : []));
      emit(flags, { imported, failed: outcomes.filter((o) => o.error).map((o) => ({ file: o.item, error: (o.error as Error).message })) }, () =>
        imported.map((r) => `${r.message} (${r.recompiledAgents} agent configuration(s) recompiled)\n`).join(''));
      let code = 0;
      for (const failure of outcomes.filter((o) => o.error)) code = reportFailure(failure.error);
      if (code !== 0) process.exitCode = code;
    });

  pack.command('export')
    .description('write a pack exactly as imported (or sealed with your key)')
    .argument('<name>', 'pack name')
    .option('-o, --output <file>', 'write to this file (default: standard output)')
    .option('--seal-with <key.pem>', 'seal the exported pack with this ed25519 private key (locally)')
    .action(async (name: string, flags: { output?: string; sealWith?: string }) => {
      let yaml = (await connect().packs.export(name)).yaml;
      if (flags.sealWith) {
        const parsed = parsePack(yaml, `${name}.pack.yaml`);
        if (parsed.status !== 'parsed') throw new VigilError('PACK_INVALID', { file: `${name}.pack.yaml`, count: 1, first: 'the exported pack does not parse', all: '' });
        yaml = serializePack(sealPack(parsed.pack.document, readCaFile(flags.sealWith)));
      }
      if (flags.output) {
        writeFileSync(flags.output, yaml);
        process.stderr.write(`Wrote ${name} to ${flags.output}${flags.sealWith ? ' (sealed)' : ''}.\n`);
      } else {
        process.stdout.write(yaml);
      }
    });

  pack.command('list')
    .description('imported packs')
    .option('--json', 'print as JSON')
    .action(async (flags: OutputFlags) => {
      const packs = await connect().packs.list();
      emit(flags, packs, () => renderTable(packs, [
        { header: 'NAME', value: (p) => p.name },
        { header: 'VERSION', value: (p) => p.version },
        { header: 'SEALED', value: (p) => ({ text: p.sealed ? `yes (${p.sealKeyId})` : 'no', tone: p.sealed ? 'good' : 'dim' }) },
        { header: 'DISPLAY NAME', value: (p) => p.displayName },
        { header: 'IMPORTED', value: (p) => `${formatTime(p.importedAtMs)} by ${p.importedBy}` },
      ], 'No packs.'));
    });

  pack.command('remove')
    .description('remove a pack no other pack references')
    .argument('<name>', 'pack name')
    .option('--json', 'print as JSON')
    .action(async (name: string, flags: OutputFlags) => {
      await connect().packs.remove(name);
      emit(flags, { removed: name }, () => `Removed ${name}.\n`);
    });
}
