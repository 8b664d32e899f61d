import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Pure stages know nothing of GitHub, Docker or processes: only the edges do. */
const PURE_STAGES = ['src/model/**', 'src/parsers/**', 'src/coverage/**', 'src/render/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'build/',
      '.tmp/',
      'examples/**/reports/',
      'bench/results/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // A CommonJS shim, so that undici is required on first use (src/vendor/lazy-undici.cjs).
    files: ['src/vendor/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: PURE_STAGES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@actions/*'],
              message: 'Pure stages must not talk to GitHub: pass data in.',
            },
            {
              group: ['node:child_process', 'child_process', 'node:fs', 'node:fs/promises', 'fs'],
              message: 'Pure stages must not touch the disk or spawn processes: pass data in.',
            },
          ],
        },
      ],
    },
  },
);
