// Reading a password: --password-stdin (scripts, one line), VIGIL_PASSWORD, or a prompt on the
// terminal that does not echo what is typed.
import { VigilError } from '@vigil/core';
import { cliEnvironment } from './cli-environment.ts';

export async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
}

/** Prompts on stderr and reads a line from the terminal without echoing it. */
export function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (text: string): void => {
      for (const char of text) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new VigilError('VALIDATION_FAILED', { what: 'Cancelled.' }));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** The password from --password-stdin, VIGIL_PASSWORD or a prompt; usage error when none can be had. */
/** `fromEnv`: VIGIL_PASSWORD counts (sign-in only: it is the caller's own password). */
export async function obtainPassword(options: { fromStdin?: boolean; fromEnv?: boolean; prompt: string; confirm?: boolean }): Promise<string> {
  const env = cliEnvironment();
  if (options.fromStdin) return readStdinLine();
  if (options.fromEnv && env.password !== undefined) return env.password;
  if (!env.interactive) {
    throw new VigilError('VALIDATION_FAILED', { what: 'No password: use --password-stdin (or VIGIL_PASSWORD for vigil login) when not running on a terminal.' });
  }
  const password = await promptHidden(options.prompt);
  if (options.confirm && (await promptHidden('Repeat it: ')) !== password) throw new VigilError('VALIDATION_FAILED', { what: 'The two passwords differ.' });
  return password;
}
