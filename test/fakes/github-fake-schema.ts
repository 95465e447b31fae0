/**
 * The subset of GitHub's GraphQL schema (https://docs.github.com/en/graphql/reference) the fake
 * serves, with GitHub's own type, field, argument and enum names, so the connector's queries
 * are validated and executed by graphql-js exactly as GitHub would parse them: a misspelt
 * field or a wrong argument type fails here as it would there.
 */
export const GITHUB_SDL = /* GraphQL */ `
scalar DateTime
scalar URI
scalar GitObjectID
scalar GitTimestamp

type Query {
  repository(owner: String!, name: String!, followRenames: Boolean): Repository
  rateLimit(dryRun: Boolean): RateLimit
}

type RateLimit { cost: Int! limit: Int! nodeCount: Int! remaining: Int! resetAt: DateTime! used: Int! }
type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! endCursor: String startCursor: String }

enum OrderDirection { ASC DESC }
enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
input IssueOrder { field: IssueOrderField! direction: OrderDirection! }
enum DeploymentOrderField { CREATED_AT }
input DeploymentOrder { field: DeploymentOrderField! direction: OrderDirection! }
enum PullRequestState { OPEN CLOSED MERGED }
enum IssueState { OPEN CLOSED }
input IssueFilters { since: DateTime labels: [String!] states: [IssueState!] createdBy: String assignee: String }
enum PullRequestReviewState { PENDING COMMENTED APPROVED CHANGES_REQUESTED DISMISSED }
enum DeploymentStatusState { PENDING SUCCESS FAILURE INACTIVE ERROR QUEUED IN_PROGRESS WAITING }

interface Actor { login: String! url: URI! }
type User implements Actor { login: String! url: URI! name: String }
type Bot implements Actor { login: String! url: URI! }

interface GitObject { oid: GitObjectID! }
type GitActor { name: String email: String date: GitTimestamp user: User }
type Commit implements GitObject {
  oid: GitObjectID!
  message: String!
  authoredDate: DateTime!
  committedDate: DateTime!
  additions: Int!
  deletions: Int!
  author: GitActor
  parents(first: Int, after: String, last: Int, before: String): CommitConnection!
  deployments(first: Int, after: String, last: Int, before: String, environments: [String!], orderBy: DeploymentOrder): DeploymentConnection
}
type CommitConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Commit] }

type Ref { name: String! prefix: String! }
type Label { name: String! color: String! }
type LabelConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Label] }

type Repository {
  name: String!
  nameWithOwner: String!
  url: URI!
  defaultBranchRef: Ref
  pullRequest(number: Int!): PullRequest
  pullRequests(first: Int, after: String, last: Int, before: String, states: [PullRequestState!], labels: [String!],
    baseRefName: String, headRefName: String, orderBy: IssueOrder): PullRequestConnection!
  deployments(first: Int, after: String, last: Int, before: String, environments: [String!], orderBy: DeploymentOrder): DeploymentConnection!
  issues(first: Int, after: String, last: Int, before: String, labels: [String!], states: [IssueState!],
    filterBy: IssueFilters, orderBy: IssueOrder): IssueConnection!
  object(expression: String, oid: GitObjectID): GitObject
}

type PullRequest {
  number: Int!
  title: String!
  state: PullRequestState!
  createdAt: DateTime!
  updatedAt: DateTime!
  mergedAt: DateTime
  closedAt: DateTime
  url: URI!
  additions: Int!
  deletions: Int!
  baseRefName: String!
  headRefName: String!
  author: Actor
  mergeCommit: Commit
  labels(first: Int, after: String, last: Int, before: String): LabelConnection
  commits(first: Int, after: String, last: Int, before: String): PullRequestCommitConnection!
  reviews(first: Int, after: String, last: Int, before: String, states: [PullRequestReviewState!], author: String): PullRequestReviewConnection
}
type PullRequestConnection { totalCount: Int! pageInfo: PageInfo! nodes: [PullRequest] }
type PullRequestCommit { commit: Commit! }
type PullRequestCommitConnection { totalCount: Int! pageInfo: PageInfo! nodes: [PullRequestCommit] }
type PullRequestReview { author: Actor submittedAt: DateTime createdAt: DateTime! state: PullRequestReviewState! }
type PullRequestReviewConnection { totalCount: Int! pageInfo: PageInfo! nodes: [PullRequestReview] }

type Deployment {
  databaseId: Int
  environment: String
  originalEnvironment: String
  createdAt: DateTime!
  updatedAt: DateTime!
  commitOid: String!
  task: String
  payload: String
  description: String
  ref: Ref
  latestStatus: DeploymentStatus
  statuses(first: Int, after: String, last: Int, before: String): DeploymentStatusConnection
}
type DeploymentConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Deployment] }
type DeploymentStatus {
  state: DeploymentStatusState!
  createdAt: DateTime!
  updatedAt: DateTime!
  logUrl: URI
  environmentUrl: URI
  description: String
}
type DeploymentStatusConnection { totalCount: Int! pageInfo: PageInfo! nodes: [DeploymentStatus] }

type Issue {
  number: Int!
  title: String!
  body: String!
  state: IssueState!
  createdAt: DateTime!
  updatedAt: DateTime!
  closedAt: DateTime
  url: URI!
  author: Actor
  labels(first: Int, after: String, last: Int, before: String): LabelConnection
}
type IssueConnection { totalCount: Int! pageInfo: PageInfo! nodes: [Issue] }
`;
