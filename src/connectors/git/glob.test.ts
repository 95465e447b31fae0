import { describe, expect, it } from 'vitest';
import { compileGlob, globMatcher } from './glob.js';

const cases: Array<[string, string, boolean]> = [
  ['services/api/**', 'services/api/main.go', true],
  ['services/api/**', 'services/api/deep/dir/x.ts', true],
  ['services/api/**', 'services/apix/main.go', false],
  ['services/api/**', 'services/web/main.go', false],
  ['services/*/src/**', 'services/web/src/a.ts', true],
  ['services/*/src/**', 'services/web/lib/a.ts', false],
  ['**/*.md', 'README.md', true],
  ['**/*.md', 'docs/a/b.md', true],
  ['**/*.md', 'docs/a/b.mdx', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/xb', false],
  ['*.ts', 'a.ts', true],
  ['*.ts', 'dir/a.ts', false],
  ['file?.txt', 'file1.txt', true],
  ['file?.txt', 'file10.txt', false],
  ['[ab]*.txt', 'beta.txt', true],
  ['[!ab]*.txt', 'beta.txt', false],
  ['[a-c]x', 'cx', true],
  ['{api,web}/**', 'web/x', true],
  ['{api,web}/**', 'worker/x', false],
  ['services/api', 'services/api/main.go', true],
  ['services/api/', 'services/api/main.go', true],
  ['services/api', 'services/api', true],
  ['services/api', 'services/apiv2/main.go', false],
  ['v*', 'v1.2.3', true],
  ['release-*', 'release-2024.05', true],
  ['hotfix/*', 'hotfix/login', true],
  ['hotfix/*', 'hotfix/a/b', false],
  ['*-hotfix', 'v1.2.3-hotfix', true],
  ['a.b', 'axb', false],
  ['\\*', '*', true],
  ['\\*', 'x', false],
  ['(x)+', '(x)+', true],
];

describe('compileGlob', () => {
  it.each(cases)('%s against %s is %s', (glob, text, expected) => {
    expect(compileGlob(glob).test(text)).toBe(expected);
  });

  it('matches any of several globs', () => {
    const match = globMatcher(['hotfix/*', '*-hotfix']);
    expect(match('hotfix/x')).toBe(true);
    expect(match('v2-hotfix')).toBe(true);
    expect(match('v2')).toBe(false);
  });
});
