/**
 * The layering of ../shared/design/architecture.md, checked on every `npm run lint`.
 * Dependencies point downward only. `src/lib` holds the few cross-cutting pieces every layer
 * needs (typed errors, the logger, the clock) and imports nothing of ours.
 */
const layer = (name, allowed) => ({
  name: `${name}-layering`,
  comment: `src/${name} may import only: ${allowed.join(', ') || 'small libraries'}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: {
    path: '^(src|webhooks)/',
    pathNot: [`^src/${name}/`, '^src/lib/', ...allowed.map((a) => `^src/${a}/`)],
  },
});

module.exports = {
  forbidden: [
    layer('lib', []),
    layer('domain', []),
    layer('store', []),
    layer('pms', ['domain']),
    layer('crm', ['domain', 'store']),
    layer('messaging', ['domain']),
    layer('outreach', ['domain', 'pms', 'crm', 'messaging', 'store']),
    layer('jobs', ['domain', 'pms', 'crm', 'messaging', 'store', 'outreach']),
    layer('sandbox', ['domain']),
    {
      name: 'webhooks-layering',
      comment:
        'webhooks/ are doors: they verify, validate and hand over to src/outreach (or lower); no server, jobs or cli',
      severity: 'error',
      from: { path: '^webhooks/' },
      to: { path: '^src/(server|jobs|sandbox|cli)', pathNot: [] },
    },
    {
      name: 'server-layering',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(jobs|sandbox|cli)' },
    },
    {
      name: 'config-only-from-cli',
      comment: 'settings are read once by the command and passed in',
      severity: 'error',
      from: { path: '^(src|webhooks)/', pathNot: '^src/(cli\\.ts|cli/)' },
      to: { path: '^src/config\\.ts$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-service',
      severity: 'error',
      from: { path: '^(src|webhooks)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
