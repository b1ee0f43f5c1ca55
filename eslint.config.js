import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'coverage',
      'out',
      'artifacts',
      'bench/results',
      'extensions/**/dist',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Settings are read once, in src/config.ts, and passed in (architecture.md).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings in src/config.ts only.' },
      ],
      'no-console': 'error',
    },
  },
  {
    files: ['src/config.ts', 'test/**', 'bench/**', 'bin/**', '**/*.test.ts', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
  {
    // The command's entry hands the environment to src/config.ts.
    files: ['src/cli.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
