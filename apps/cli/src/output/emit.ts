// Every console command prints either JSON (--json: exactly the API's data, one document on
// stdout, for scripts) or text for people.

export interface OutputFlags {
  readonly json?: boolean;
}

export function emit(flags: OutputFlags, data: unknown, human: () => string): void {
  process.stdout.write(flags.json ? JSON.stringify(data, null, 2) + '\n' : human());
}
