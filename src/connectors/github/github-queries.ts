/**
 * The GraphQL queries of the GitHub sync. One query pages pull requests and deployments side
 * by side (`@include` drops a connection once it is done), so a first sync costs as many
 * requests as the longer of the two lists has pages, not their sum. Lists are ordered newest
 * change first, so an incremental run stops at the previous run's high-water mark.
 * Response shapes: github-api-types.ts.
 */

const COMMIT_FIELDS = `
fragment CommitFields on Commit {
  oid message authoredDate committedDate additions deletions
  author { name email user { login } }
  parents(first: 2) { nodes { oid } }
}`;

const DEPLOYMENT_FIELDS = `
fragment DeploymentFields on Deployment {
  databaseId environment originalEnvironment createdAt updatedAt commitOid task payload
  ref { name }
  statuses(first: 20) { nodes { state createdAt logUrl environmentUrl description } }
}`;

/** Pull requests (with commits, reviews, labels, merge commit) and deployments (with statuses). */
export const DELIVERY_QUERY = `
query PanoramaDelivery($owner: String!, $name: String!, $prAfter: String, $deploymentAfter: String,
    $withPullRequests: Boolean!, $withDeployments: Boolean!, $pageSize: Int!) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    pullRequests(first: $pageSize, after: $prAfter, orderBy: { field: UPDATED_AT, direction: DESC })
        @include(if: $withPullRequests) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        number title state createdAt updatedAt mergedAt closedAt url additions deletions
        baseRefName headRefName
        author { login }
        mergeCommit { oid }
        labels(first: 20) { nodes { name } }
        commits(first: 100) { totalCount pageInfo { hasNextPage endCursor } nodes { commit { ...CommitFields } } }
        reviews(first: 20) { pageInfo { hasNextPage endCursor } nodes { author { login } submittedAt state } }
      }
    }
    deployments(first: $pageSize, after: $deploymentAfter, orderBy: { field: CREATED_AT, direction: DESC })
        @include(if: $withDeployments) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...DeploymentFields }
    }
  }
}
${COMMIT_FIELDS}
${DEPLOYMENT_FIELDS}`;

/** More commits and reviews of one pull request (past the first 100 commits / 20 reviews). */
export const PULL_REQUEST_MORE_QUERY = `
query PanoramaPullRequestMore($owner: String!, $name: String!, $number: Int!, $commitsAfter: String,
    $reviewsAfter: String, $withCommits: Boolean!, $withReviews: Boolean!) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      commits(first: 100, after: $commitsAfter) @include(if: $withCommits) {
        totalCount pageInfo { hasNextPage endCursor } nodes { commit { ...CommitFields } }
      }
      reviews(first: 100, after: $reviewsAfter) @include(if: $withReviews) {
        pageInfo { hasNextPage endCursor } nodes { author { login } submittedAt state }
      }
    }
  }
}
${COMMIT_FIELDS}`;

/** Issues carrying an incident label, changed since `since` (null: all). */
export const ISSUES_QUERY = `
query PanoramaIncidents($owner: String!, $name: String!, $after: String, $labels: [String!], $since: DateTime,
    $pageSize: Int!) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    issues(first: $pageSize, after: $after, labels: $labels, filterBy: { since: $since },
        orderBy: { field: UPDATED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { number title body state createdAt updatedAt closedAt url labels(first: 20) { nodes { name } } }
    }
  }
}`;

/**
 * The deployments of the commits and pull requests incidents blame, in one request: aliases
 * `c<i>` (a commit by SHA, short or full) and `p<i>` (a pull request's merge commit).
 */
export function causeQuery(shas: readonly string[], pullRequests: readonly number[]): string {
  const commits = shas.map(
    (sha, i) => `c${i}: object(expression: ${JSON.stringify(sha)}) { ... on Commit { oid deployments(first: 20) { nodes { ...DeploymentFields } } } }`,
  );
  const prs = pullRequests.map(
    (n, i) => `p${i}: pullRequest(number: ${n}) { number mergeCommit { oid deployments(first: 20) { nodes { ...DeploymentFields } } } }`,
  );
  return `
query PanoramaCauses($owner: String!, $name: String!) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    ${[...commits, ...prs].join('\n    ')}
  }
}
${DEPLOYMENT_FIELDS}`;
}
