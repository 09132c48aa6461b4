// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // Stages and domain code never touch the Actions toolkit or the environment.
    files: ['src/stages/**/*.ts', 'src/report/**/*.ts', 'src/debuggers/**/*.ts', 'src/pipeline/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@actions/*'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings, not process.env.' }],
    },
  },
);
