/** Which GitHub Actions workflows (and jobs) are deployments, as the config names them. Pure. */
import { globMatcher } from '../git/glob.js';

/**
 * The configured deployment workflows (`sources.github.deployment_workflows`): `WORKFLOW` makes
 * each completed run a deployment, `WORKFLOW#JOB` each matching job of its runs. Both sides are
 * names or globs; a workflow matches by its name, path or file name.
 */
export function deploymentWorkflowMatcher(entries: readonly string[]): {
  isDeployWorkflow(run: { name?: string | null; path: string }): boolean;
  jobPatterns(run: { name?: string | null; path: string }): string[];
} {
  const specs = entries.map((e) => {
    const hash = e.indexOf('#');
    return hash < 0 ? { workflow: e, job: null } : { workflow: e.slice(0, hash), job: e.slice(hash + 1) };
  });
  const matches = (pattern: string, run: { name?: string | null; path: string }): boolean => {
    const m = globMatcher([pattern]);
    return (run.name != null && m(run.name)) || m(run.path) || m(run.path.split('/').pop() ?? run.path);
  };
  return {
    isDeployWorkflow: (run) => specs.some((e) => e.job === null && matches(e.workflow, run)),
    jobPatterns: (run) => specs.flatMap((e) => (e.job !== null && matches(e.workflow, run) ? [e.job] : [])),
  };
}
