// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // What .gitignore ignores, notably .panorama/ (the demo repository `npm start` generates,
  // whose source files are not part of this project).
  { ignores: ['dist/**', 'node_modules/**', 'bench/.cache/**', 'coverage/**', '.panorama/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': 'error',
    },
  },
  {
    // Dependencies point inward: pure layers never reach for I/O or outer layers.
    files: ['src/domain/**/*.ts', 'src/metrics/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'os'], message: 'domain/ and metrics/ are pure: no I/O.' },
            { group: ['**/storage/**', '**/connectors/**', '**/ingest/**', '**/cli/**', '**/server/**'], message: 'domain/ and metrics/ import only domain and shared.' },
          ],
        },
      ],
    },
  },
  {
    // The dashboard imports only domain types and its own API client (STYLE.md section 1).
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'web/ runs in the browser: no Node modules.' },
            { group: ['**/storage/**', '**/connectors/**', '**/ingest/**', '**/cli/**', '**/server/**', '**/reporting/**'], message: 'web/ talks to the server only through its api-client.' },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'bench/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
