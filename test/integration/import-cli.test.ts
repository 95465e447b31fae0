/**
 * `panorama import` end to end, in-process, on a real SQLite file: valid files land, invalid
 * ones list every problem with its path and leave the database exactly as it was.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/index.js';
import { runCli, tempDir } from '../helpers/cli.js';

const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);

function validDocument(): Record<string, unknown> {
  return {
    repository: { name: 'api', default_branch: 'main' },
    commits: [
      { sha: C1, parents: [], author: 'ana', authored_at: '2026-05-01T09:00:00+02:00', committed_at: '2026-05-01T09:05:00+02:00' },
      { sha: C2, parents: [C1], author: 'bo', authored_at: '2026-05-02T09:00:00Z', committed_at: '2026-05-02T09:00:00Z', message: 'fix', team: 'core' },
    ],
    pull_requests: [
      { id: 'pr-1', author: 'bo', created_at: '2026-05-01T12:00:00Z', merged_at: '2026-05-02T09:00:00Z', merge_commit_sha: C2, commit_shas: [C2], base_branch: 'main' },
    ],
    deployments: [
      { id: 'd1', service: 'api', environment: 'production', status: 'success', finished_at: '2026-05-01T10:00:00Z', commit_sha: C1 },
      { id: 'd2', service: 'api', environment: 'production', status: 'success', finished_at: '2026-05-02T10:00:00Z', commit_sha: C2 },
    ],
    incidents: [
      { id: 'i1', service: 'api', started_at: '2026-05-02T11:00:00Z', resolved_at: null, caused_by_deployment_id: 'd2' },
    ],
  };
}

function setup(): { dir: string; db: string; write: (name: string, content: string | object) => string } {
  const dir = tempDir();
  return {
    dir,
    db: join(dir, 'p.db'),
    write: (name, content) => {
      const path = join(dir, name);
      writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
      return path;
    },
  };
}

async function snapshot(db: string, org = 'acme'): Promise<unknown> {
  const store = await openStore(db);
  try {
    return {
      counts: await store.countRecords(),
      deployments: await store.listDeployments({ org }),
      commits: await store.listCommits({ org }),
      incidents: await store.listIncidents({ org }),
      prs: await store.listPullRequests({ org }),
    };
  } finally {
    await store.close();
  }
}

describe('panorama import', () => {
  it('imports a JSON document, keeps unknown fields, and a second import changes nothing', async () => {
    const { dir, db, write } = setup();
    const file = write('data.json', validDocument());
    const first = await runCli(['import', file, '--db', db, '--org', 'acme'], { cwd: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/imported 7 records into acme/);
    const before = await snapshot(db);
    const second = await runCli(['import', file, '--db', db, '--org', 'acme'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(await snapshot(db)).toEqual(before);

    const store = await openStore(db);
    const commits = await store.listCommits({ org: 'acme' });
    const deployments = await store.listDeployments({ org: 'acme' });
    await store.close();
    expect(commits.find((c) => c.sha === C2)?.extra).toEqual({ team: 'core' });
    expect(commits.find((c) => c.sha === C1)?.authoredAt).toBe(Date.parse('2026-05-01T07:00:00Z'));
    expect(deployments.map((d) => [d.id, d.repository, d.kind, d.trigger])).toEqual([
      ['d1', 'api', 'regular', 'planned'],
      ['d2', 'api', 'regular', 'planned'],
    ]);
  });

  it('imports NDJSON with one typed record per line, blank lines allowed', async () => {
    const { dir, db, write } = setup();
    const doc = validDocument();
    const lines = [
      { type: 'repository', ...(doc['repository'] as object) },
      ...(doc['commits'] as object[]).map((r) => ({ type: 'commit', ...r })),
      ...(doc['deployments'] as object[]).map((r) => ({ type: 'deployment', ...r })),
    ];
    const file = write('data.ndjson', lines.map((l) => JSON.stringify(l)).join('\n') + '\n\n');
    const r = await runCli(['import', file, '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 commits, 0 pull requests, 2 deployments/);
  });

  it('lists every invalid record with its path and writes nothing', async () => {
    const { dir, db, write } = setup();
    await runCli(['import', write('ok.json', validDocument()), '--db', db, '--org', 'acme'], { cwd: dir });
    const before = await snapshot(db);
    const doc = validDocument();
    const deployments = doc['deployments'] as Array<Record<string, unknown>>;
    deployments.push(
      { id: 'd3', service: 'api', environment: 'production', status: 'success', finished_at: '2026-05-03T10:00:00Z', commit_sha: C2 },
      { id: 'd4', service: 'api', environment: 'production', status: 'ok', finished_at: '2026-05-03T10:00:00', commit_sha: C2 },
    );
    delete (doc['commits'] as Array<Record<string, unknown>>)[1]!['author'];
    const r = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('IMPORT_INVALID_RECORDS');
    expect(r.stderr).toContain('3 invalid records');
    expect(r.stderr).toContain('deployments[3].finished_at: timestamp has no offset');
    expect(r.stderr).toContain('deployments[3].status: Invalid option');
    expect(r.stderr).toContain('commits[1].author: is missing');
    expect(r.stderr).toContain('nothing was written');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(await snapshot(db)).toEqual(before);
  });

  it('rejects a deployment whose commit does not exist, naming the field', async () => {
    const { dir, db, write } = setup();
    const doc = validDocument();
    (doc['deployments'] as Array<Record<string, unknown>>)[1]!['commit_sha'] = 'c'.repeat(40);
    const r = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`deployments[1].commit_sha: commit ${'c'.repeat(40)} is not in repository "api"`);
    expect((await snapshot(db)) as { counts: { commits: number } }).toMatchObject({ counts: { commits: 0, deployments: 0 } });

    const allowed = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme', '--allow-missing-commits'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('1 deployment commits are not imported');
  });

  it('rejects an incident caused by an unknown deployment', async () => {
    const { dir, db, write } = setup();
    const doc = validDocument();
    (doc['incidents'] as Array<Record<string, unknown>>)[0]!['caused_by_deployment_id'] = 'nope';
    const r = await runCli(['import', write('bad.json', doc), '--db', db, '--org', 'acme'], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('incidents[0].caused_by_deployment_id: deployment "nope" does not exist');
  });

  it('names line and column of invalid JSON', async () => {
    const { dir, db, write } = setup();
    const file = write('broken.json', '{\n  "commits": [\n    { "sha": "abc", }\n  ]\n}\n');
    const r = await runCli(['import', file, '--db', db], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain(`IMPORT_INVALID_JSON: ${file}:3:21: invalid JSON`);
  });

  it('reports NDJSON problems by line: bad JSON, unknown type, invalid field', async () => {
    const { dir, db, write } = setup();
    const file = write(
      'bad.ndjson',
      [
        JSON.stringify({ type: 'commit', sha: C1, parents: [], author: 'a', authored_at: '2026-05-01T09:00:00Z', committed_at: '2026-05-01T09:00:00Z' }),
        '{"type": "commit", "sha": ',
        JSON.stringify({ type: 'deploy', id: 'x' }),
        JSON.stringify({ type: 'incident', id: 'i', service: 'api', started_at: '2026-02-30T00:00:00Z' }),
      ].join('\n'),
    );
    const r = await runCli(['import', file, '--db', db], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('line 2, column 27: invalid JSON');
    expect(r.stderr).toContain('line 3: type: unknown record type "deploy" (expected one of repository, commit, pull_request, deployment, incident, uptime_sample, debt_item)');
    expect(r.stderr).toContain('line 4: incident.started_at: day 30 does not exist in 2026-02');
    expect((await snapshot(db, 'default')) as object).toMatchObject({ counts: { commits: 0 } });
  });

  it('rejects unknown top-level keys of a JSON document', async () => {
    const { dir, db, write } = setup();
    const r = await runCli(['import', write('x.json', { ...validDocument(), deployment: [] }), '--db', db], { cwd: dir });
    expect(r.code).toBe(65);
    expect(r.stderr).toContain('deployment: unknown key');
  });

  it('explains a missing file and a directory with exit 66', async () => {
    const { dir, db } = setup();
    const missing = await runCli(['import', 'nope.json', '--db', db], { cwd: dir });
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('IMPORT_FILE_NOT_FOUND');
    mkdirSync(join(dir, 'folder.json'));
    const folder = await runCli(['import', 'folder.json', '--db', db], { cwd: dir });
    expect(folder.code).toBe(66);
    expect(folder.stderr).toContain('IMPORT_FILE_IS_DIRECTORY');
  });

  it('refuses a database file that is not SQLite and leaves it untouched', async () => {
    const { dir, write } = setup();
    const notDb = write('notes.txt', 'my precious notes\n');
    const r = await runCli(['import', write('ok.json', validDocument()), '--db', notDb], { cwd: dir });
    expect(r.code).toBe(74);
    expect(r.stderr).toContain('STORAGE_NOT_SQLITE');
    expect(readFileSync(notDb, 'utf8')).toBe('my precious notes\n');
  });

  it('reports an unreachable PostgreSQL without leaking the password', async () => {
    const { dir, write } = setup();
    const r = await runCli(['import', write('ok.json', validDocument()), '--db', 'postgres://postgres:s3cret@127.0.0.1:1/test'], { cwd: dir });
    expect(r.code).toBe(69);
    expect(r.stderr).toContain('STORAGE_CONNECTION_FAILED');
    expect(r.stderr).not.toContain('s3cret');
  });

  it('prints the cause chain with --verbose', async () => {
    const { dir, db } = setup();
    const r = await runCli(['import', 'nope.json', '--db', db, '--verbose'], { cwd: dir });
    expect(r.code).toBe(66);
    expect(r.stderr).toMatch(/ENOENT/);
  });
});
