// ESLint flat config. Besides the usual TypeScript rules it enforces Vigil's layering
// (see shared ARCHITECTURE.md): protocol <- core <- store <- server; agent and gateway use
// protocol/core/pki only; console and cli use sdk/protocol only (cli may also start local roles).
import tseslint from 'typescript-eslint';
import { layerRules } from './scripts/layering.js';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'vigil-data/**', '.test-data/**', 'apps/console/vite.config.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a union of string literals: enums are not erasable syntax.' },
      ],
    },
  },
  ...layerRules,
);
