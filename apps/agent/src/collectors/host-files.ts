// Reads host files relative to the collection root, so every collector works the same against the
// real '/' and against fixture trees.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export function hostPath(rootPath: string, absolutePath: string): string {
  return path.join(rootPath, absolutePath);
}

export async function readHostFile(rootPath: string, absolutePath: string): Promise<string> {
  return readFile(hostPath(rootPath, absolutePath), 'utf8');
}

/** Like readHostFile but resolves undefined when the file does not exist or cannot be read. */
export async function readHostFileIfPresent(rootPath: string, absolutePath: string): Promise<string | undefined> {
  try {
    return await readHostFile(rootPath, absolutePath);
  } catch {
    return undefined;
  }
}

/** Splits text into non-empty lines split on runs of whitespace. */
export function fieldLines(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => line.split(/\s+/));
}
