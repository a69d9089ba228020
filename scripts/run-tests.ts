// Runs Vigil's test suite with node:test and prints a summary.
// Usage: npm test [-- <path filter> ...]   e.g. `npm test -- packages/store`
// Test files are `*.test.ts` under packages/*/test, apps/*/test and test/.
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const filters = process.argv.slice(2);
const all = globSync(['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts'], {
  exclude: (p) => p.includes('node_modules'),
}).sort();
const files = filters.length === 0 ? all : all.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error(`No test files match ${filters.join(' ')}. Test files are *.test.ts under packages/*/test, apps/*/test and test/.`);
  process.exit(2);
}

const concurrency = process.env.VIGIL_TEST_CONCURRENCY ?? '2';
const result = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', '--test-reporter-destination=stdout', ...files],
  { stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } },
);
console.log(`\nvigil tests: ${files.length} files, exit ${result.status ?? result.signal}`);
process.exit(result.status ?? 1);
