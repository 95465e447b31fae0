/**
 * The store contract, continued: listing one source's deployments of a repository and removing
 * deployments by id, on every database; a removal bumps the data version (cached reports of the
 * organisation are recomputed) and lands with its transaction or not at all.
 */
import { expect, it } from 'vitest';
import { deployment } from './store-fixtures.js';
import { describeOnDatabases } from './test-databases.js';

describeOnDatabases('removing deployments', (store) => {
  it("lists a source's deployments of a repository, and removes by id", async () => {
    const git = (id: string, repository = 'acme/api') =>
      deployment({ id, repository, origin: { source: 'git' } });
    await store().upsertDeployments([
      git('git:b'),
      git('git:a'),
      git('git:other-repo', 'acme/web'),
      deployment({ id: 'ci:1', repository: 'acme/api', origin: { source: 'ci' } }),
      deployment({
        org: 'globex',
        id: 'git:a',
        repository: 'acme/api',
        origin: { source: 'git' },
      }),
    ]);
    expect(
      await store().listDeploymentIds({ org: 'acme', repository: 'acme/api', source: 'git' }),
    ).toEqual(['git:a', 'git:b']);

    const before = await store().getDataVersion('acme');
    await expect(
      store().transaction(async (tx) => {
        await tx.removeDeployments('acme', ['git:a']);
        throw new Error('the ingest died here');
      }),
    ).rejects.toThrow('the ingest died here');
    expect(
      await store().listDeploymentIds({ org: 'acme', repository: 'acme/api', source: 'git' }),
    ).toEqual(['git:a', 'git:b']);

    expect(
      await store().transaction((tx) => tx.removeDeployments('acme', ['git:a', 'git:unknown'])),
    ).toBe(1);
    expect(await store().getDataVersion('acme')).toBeGreaterThan(before);
    expect((await store().listDeployments({ org: 'acme' })).map((d) => d.id).sort()).toEqual([
      'ci:1',
      'git:b',
      'git:other-repo',
    ]);
    // Outside a transaction too; another organisation's deployment of the same id stays.
    expect(await store().removeDeployments('acme', ['git:b'])).toBe(1);
    expect(await store().removeDeployments('acme', [])).toBe(0);
    expect((await store().listDeployments({ org: 'globex' })).map((d) => d.id)).toEqual(['git:a']);
  });
});
