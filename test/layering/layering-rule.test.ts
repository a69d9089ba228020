// Proves the ESLint layering rule rejects imports against Vigil's dependency direction
// and accepts the allowed ones, by linting source text under virtual file paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: ReadonlyArray<{ file: string; importFrom: string; allowed: boolean }> = [
  { file: 'packages/protocol/src/x.ts', importFrom: '@vigil/core', allowed: false },
  { file: 'packages/core/src/x.ts', importFrom: '@vigil/protocol', allowed: true },
  { file: 'packages/core/src/x.ts', importFrom: '@vigil/store', allowed: false },
  { file: 'packages/store/src/x.ts', importFrom: '@vigil/core', allowed: true },
  { file: 'packages/store/src/x.ts', importFrom: '@vigil/server', allowed: false },
  { file: 'apps/server/src/x.ts', importFrom: '@vigil/store', allowed: true },
  { file: 'apps/agent/src/x.ts', importFrom: '@vigil/store', allowed: false },
  { file: 'apps/agent/src/x.ts', importFrom: '@vigil/server', allowed: false },
  { file: 'apps/agent/src/x.ts', importFrom: '@vigil/pki', allowed: true },
  { file: 'apps/gateway/src/x.ts', importFrom: '@vigil/store', allowed: false },
  { file: 'packages/sdk/src/x.ts', importFrom: '@vigil/core', allowed: false },
  { file: 'apps/server/src/x.ts', importFrom: '../../../packages/store/src/index.ts', allowed: false },
  { file: 'apps/console/src/x.tsx', importFrom: '@vigil/store', allowed: false },
  { file: 'apps/console/src/x.tsx', importFrom: '@vigil/server', allowed: false },
  { file: 'apps/console/src/x.tsx', importFrom: '@vigil/sdk', allowed: true },
  { file: 'apps/cli/src/x.ts', importFrom: '@vigil/sdk', allowed: true },
];

for (const { file, importFrom, allowed } of cases) {
  test(`${file} importing ${importFrom} is ${allowed ? 'allowed' : 'rejected'}`, async () => {
    const errors = await layeringErrors(file, `import { x } from '${importFrom}';\nexport const y = x;\n`);
    if (allowed) assert.deepEqual(errors, []);
    else assert.equal(errors.length, 1, `expected a layering error for ${importFrom} in ${file}`);
  });
}
