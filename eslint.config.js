// ESLint flat config: typescript-eslint with type information for every TypeScript and Vue file,
// eslint-plugin-vue's recommended rules, and Prettier's config last so style is Prettier's alone.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.electron-native/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.{ts,vue}'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        parser: tseslint.parser,
        extraFileExtensions: ['.vue']
      }
    },
    rules: {
      // TypeScript checks names itself; typescript-eslint advises turning the base rule off
      'no-undef': 'off',
      // `const { models: _m, ...rest } = spec` is how a copy without some keys is written; the names
      // left out are the point, not an oversight
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }]
    }
  },
  {
    // src-shared sits in both tsconfig projects and the project service picks the first, the Node one,
    // where the DOM is missing: Chart.js's canvas context would be an unresolved type and every drawing
    // call "unsafe". Shared code must run in the renderer and knows no Node, so lint it as the web project.
    files: ['src-shared/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: false, project: './tsconfig.web.json', tsconfigRootDir: import.meta.dirname }
    }
  },
  {
    // the .d.mts files only declare the plain .mjs tools beside them and sit in no tsconfig project,
    // so they get the same untyped rules as the JavaScript they describe
    files: ['**/*.{js,mjs}', '**/*.d.mts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } }
  },
  {
    // vitest types its asymmetric matchers (expect.any, expect.stringMatching, ...) as `any` so that
    // they fit any slot of an expected object; every use inside toMatchObject/toEqual would be reported
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' }
  },
  prettier
)
