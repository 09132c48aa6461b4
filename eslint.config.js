// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import { adapterPolicies, elements, policies } from './eslint-boundaries.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Fakes return promises without awaiting anything; that is their job.
    files: ['test/**/*.ts', 'scripts/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // One direction of imports between the folders of src/ (the table is in eslint-boundaries.js).
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': elements,
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'boundaries/dependencies': ['error', { default: 'disallow', policies: [...policies, ...adapterPolicies] }],
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    // Only entry points, settings and the artifact and GitHub adapters touch the Actions toolkit.
    files: ['src/**/*.ts'],
    ignores: ['src/entrypoints/action/**', 'src/settings/**', 'src/adapters/artifact/**', 'src/adapters/github/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['@actions/*'] }] },
  },
  {
    // Settings are parsed once: one file reads the environment, one reads the action's inputs.
    files: ['src/**/*.ts'],
    ignores: ['src/settings/environment.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings, not process.env.' }] },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/settings/action-inputs.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='getInput'], CallExpression[callee.name='getInput']", message: 'Read settings, not action inputs.' }] },
  },
);
