// Lint: typescript-eslint's recommended rules plus the layer boundaries of design/STYLE.md:
// the TTLV codec imports no KMIP names; protocol imports no other package of ours; client and
// server never import each other.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'packages/protocol/src/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setImmediate: 'readonly', URL: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['packages/protocol/src/ttlv/**/*.ts'],
    rules: restrict([
      { group: ['../*', '!../ttlv'], message: 'The TTLV codec knows nothing above it (STYLE rule 1).' },
      { group: ['@keyhold/*'], message: 'The TTLV codec imports nothing of ours.' },
    ]),
  },
  {
    files: ['packages/protocol/**/*.ts'],
    ignores: ['packages/protocol/src/ttlv/**/*.ts'],
    rules: restrict([{ group: ['@keyhold/*', 'keyhold'], message: '@keyhold/protocol imports no other Keyhold package.' }]),
  },
  {
    files: ['packages/client/**/*.ts'],
    rules: restrict([{ group: ['@keyhold/server', '@keyhold/server/*', 'keyhold'], message: 'The client never imports the server or the CLI.' }]),
  },
  {
    files: ['packages/server/**/*.ts'],
    rules: restrict([{ group: ['@keyhold/client', '@keyhold/client/*', 'keyhold'], message: 'The server never imports the client or the CLI.' }]),
  },
);
