// The dependency direction of Vigil's workspaces, as ESLint `no-restricted-imports` rules.
// Each layer lists the workspaces it must never import. Relative imports that climb out of a
// workspace (`../../apps/...`) are refused everywhere: cross-workspace imports go by package name.

const ALL = ['protocol', 'core', 'pki', 'store', 'sdk', 'server', 'agent', 'gateway', 'cli', 'console', 'bench'];

/** workspace folder glob -> workspaces it may import (besides itself). */
export const ALLOWED = {
  'packages/protocol': [],
  'packages/core': ['protocol'],
  'packages/pki': ['protocol', 'core'],
  'packages/store': ['protocol', 'core'],
  'packages/sdk': ['protocol'],
  'apps/server': ['protocol', 'core', 'pki', 'store'],
  'apps/agent': ['protocol', 'core', 'pki'],
  'apps/gateway': ['protocol', 'core', 'pki'],
  // The CLI talks to a running group only through the sdk; it may also start local roles in-process.
  'apps/cli': ['sdk', 'protocol', 'core', 'server', 'agent', 'gateway', 'pki', 'store'],
  'apps/console': ['sdk', 'protocol'],
};

function rulesFor(folder, allowed) {
  const self = folder.split('/')[1];
  const forbidden = ALL.filter((w) => w !== self && !allowed.includes(w));
  return {
    files: [`${folder}/**/*.ts`, `${folder}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...(forbidden.length === 0
              ? []
              : [
                  {
                    group: forbidden.flatMap((w) => [`@vigil/${w}`, `@vigil/${w}/*`]),
                    message: `${folder} must not import this workspace: Vigil's layers import downward only (see ARCHITECTURE.md).`,
                  },
                ]),
            {
              regex: '^(\\.\\./)+(packages|apps)/',
              message: 'Import another workspace by its package name (@vigil/...), not by a relative path.',
            },
          ],
        },
      ],
    },
  };
}

export const layerRules = Object.entries(ALLOWED).map(([folder, allowed]) => rulesFor(folder, allowed));
