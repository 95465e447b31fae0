/**
 * `panorama config check`: validates panorama.config.yaml (every problem listed) and prints the
 * resolved settings, so a user sees what Panorama will do before it does it.
 */
import { loadConfig } from '../../config/load-config.js';
import { EXIT } from '../exit-codes.js';
import { colors, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../main.js';

export async function runConfigCheck(opts: GlobalOptions, io: CliIo): Promise<number> {
  const config = loadConfig({ flags: opts, env: io.env, cwd: io.cwd });
  const c = colors(io);
  const dbShown = config.db.replace(/(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, '$1***@');
  writeLine(io.stdout, `${c.green('ok')} ${config.configFile ?? '(no config file: defaults)'}`);
  writeLine(io.stdout, `  organisation  ${config.org.name} (id ${config.org.id})`);
  writeLine(io.stdout, `  database      ${dbShown}`);
  writeLine(io.stdout, `  time zone     ${config.timezone}`);
  writeLine(io.stdout, `  repositories  ${config.file.repositories.map((r) => r.path).join(', ') || '(none)'}`);
  writeLine(io.stdout, `  services      ${Object.keys(config.file.services).join(', ') || '(one per repository)'}`);
  writeLine(io.stdout, `  deployments   ${config.file.deployments.detect}${config.file.deployments.tag_pattern ? ` (tags ${config.file.deployments.tag_pattern})` : ''}`);
  return EXIT.ok;
}
