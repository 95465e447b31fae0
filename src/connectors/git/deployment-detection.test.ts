import { describe, expect, it } from 'vitest';
import { matchReleaseTags, parseVersion, tagMatcher } from './deployment-detection.js';
import type { RawGitTag } from './git-tags-reader.js';
import { ServiceMap } from './service-map.js';

const tag = (name: string): RawGitTag => ({ name, annotated: false, commitSha: 'a'.repeat(40), taggerDate: null, commitDate: '2026-01-01T00:00:00Z' });

describe('release tags', () => {
  it.each([
    ['v1.2.3', true], ['1.2', true], ['v10.0', true], ['v1.2.3-hotfix', true], ['hotfix/v1.2.4', true],
    ['v1.2.3-rc.1', false], ['v1', false], ['latest', false], ['v1.2.3.4', false], ['release-1.2', false],
  ])('the default pattern says %s is a release: %s', (name, expected) => {
    expect(tagMatcher(undefined)(name)).toBe(expected);
  });

  it('reads versions anywhere in a tag', () => {
    expect(parseVersion('api-v1.4.2')).toEqual({ major: 1, minor: 4, patch: 2 });
    expect(parseVersion('web@2.0')).toEqual({ major: 2, minor: 0, patch: 0 });
    expect(parseVersion('release-2026.05')).toEqual({ major: 2026, minor: 5, patch: 0 });
    expect(parseVersion('nightly')).toBeNull();
  });

  it('gives a monorepo tag the longest service name it starts with', () => {
    const services = new ServiceMap({ api: { paths: ['api/**'] }, 'api-gateway': { paths: ['gw/**'] } });
    const releases = matchReleaseTags(['api-gateway-v1.0.0', 'api-v2.0.0', 'api/v2.1.0', 'v3.0', 'docs-v1.0'].map(tag), services, 'repo', undefined);
    expect(releases.map((r) => [r.tag.name, r.services, r.perService])).toEqual([
      ['api-gateway-v1.0.0', ['api-gateway'], true],
      ['api-v2.0.0', ['api'], true],
      ['api/v2.1.0', ['api'], true],
      ['v3.0', ['api', 'api-gateway'], false],
    ]);
  });

  it('applies a custom pattern after the service prefix', () => {
    const services = new ServiceMap({ api: { paths: ['api/**'] } });
    const releases = matchReleaseTags(['api-release-7', 'release-8', 'api-v1.0.0'].map(tag), services, 'repo', 'release-*');
    expect(releases.map((r) => [r.tag.name, r.services])).toEqual([['api-release-7', ['api']], ['release-8', ['api']]]);
  });
});
