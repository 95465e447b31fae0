import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('panorama CLI basics', () => {
  it('prints help with examples and exits 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: panorama');
    for (const verb of ['analyze', 'import', 'report', 'config']) expect(r.stdout).toContain(verb);
    expect(r.stdout).toContain('Examples:');
  });

  it('prints help for a verb', async () => {
    const r = await runCli(['report', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--since <iso>');
    expect(r.stdout).toContain('--format <format>');
  });

  it('exits 64 on an unknown command or a bad option value', async () => {
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badFormat = await runCli(['report', '--format', 'xml']);
    expect(badFormat.code).toBe(64);
    expect(badFormat.stderr).toContain('Allowed choices are text, json, md, board');
  });

  it('config check lists every problem of a config file with its line', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'panorama.config.yaml'),
      ['organization: Acme', 'services:', '  api:', '    paths: services/api', 'deployments:', '  detect: sometimes', 'colour: blue', ''].join('\n'),
    );
    const r = await runCli(['config', 'check'], { cwd: dir });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('CONFIG_INVALID');
    expect(r.stderr).toContain('3 problems');
    expect(r.stderr).toMatch(/panorama\.config\.yaml:4: services\.api\.paths: /);
    expect(r.stderr).toMatch(/panorama\.config\.yaml:6: deployments\.detect: /);
    expect(r.stderr).toMatch(/colour/);
  });

  it('config check prints the resolved settings of a valid file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'panorama.config.yaml'), 'organization: Acme Corp\ntimezone: Europe/Paris\n');
    const r = await runCli(['config', 'check'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Acme Corp (id acme-corp)');
    expect(r.stdout).toContain('Europe/Paris');
    expect(r.stdout).toContain(join(dir, '.panorama/panorama.db'));
  });
});
