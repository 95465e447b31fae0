/**
 * Zod validators for the CDEvents 0.5 events Panorama maps, written from the spec's documented
 * fields and required properties (github.com/cdevents/spec: spec.md, continuous-deployment.md,
 * source-code-version-control.md, continuous-operations.md, core.md) and its CloudEvents
 * binding (cloudevents-binding.md). Unknown fields are allowed everywhere, as the spec allows
 * extensions; event type versions are not pinned, since 0.x minor versions only add fields.
 */
import { z } from 'zod';
import { timestampSchema } from '../../domain/index.js';

const instant = timestampSchema;

/** `dev.cdevents.<subject>.<predicate>.<semver>`. */
export const CDEVENT_TYPE =
  /^dev\.cdevents\.([a-z]+)\.([a-z]+)\.(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/** The context every CDEvent carries. Required: version, id, source, type, timestamp. */
export const contextSchema = z
  .looseObject({
    // The 0.5 conformance files spell it `version` (one says `specversion`): accept either.
    version: z.string().min(1).optional(),
    specversion: z.string().min(1).optional(),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().regex(CDEVENT_TYPE, 'must be dev.cdevents.<subject>.<predicate>.<version>'),
    timestamp: instant,
    chainId: z.string().optional(),
    schemaUri: z.string().optional(),
    links: z.array(z.unknown()).optional(),
  })
  .refine((c) => c.version !== undefined || c.specversion !== undefined, {
    message: 'context.version is required',
    path: ['version'],
  });

/** A reference to another subject: `{id, source?}`. */
const reference = z.looseObject({ id: z.string().min(1), source: z.string().optional() });

/** A CDEvent: context, subject (id and content required) and optional custom data. */
export const cdeventSchema = z.looseObject({
  context: contextSchema,
  subject: z.looseObject({
    id: z.string().min(1),
    source: z.string().optional(),
    type: z.string().optional(),
    content: z.looseObject({}),
  }),
  customData: z.unknown().optional(),
  customDataContentType: z.string().optional(),
});

/** service.deployed / upgraded / rolledback: environment and artifactId are required. */
export const serviceContent = z.looseObject({
  environment: reference,
  artifactId: z.string().min(1),
});

/** change.merged: the repository is required. */
export const changeContent = z.looseObject({ repository: reference });

/** incident.detected / resolved: environment is required; description, service, artifactId optional. */
export const incidentContent = z.looseObject({
  environment: reference,
  description: z.string().optional(),
  service: reference.optional(),
  artifactId: z.string().optional(),
});

/** incident.reported: as detected, plus the ticket URI (required). */
export const incidentReportedContent = incidentContent.extend({ ticketURI: z.string().min(1) });

/** pipelinerun.finished: every content field is optional. */
export const pipelineRunContent = z.looseObject({
  pipelineName: z.string().optional(),
  url: z.string().optional(),
  outcome: z.string().optional(),
  errors: z.string().optional(),
});

/** A CloudEvent in structured mode (`application/cloudevents+json`), carrying the CDEvent as data. */
export const structuredCloudEvent = z.looseObject({
  specversion: z.literal('1.0'),
  id: z.string().min(1),
  source: z.string().min(1),
  type: z.string().min(1),
  time: z.string().optional(),
  subject: z.string().optional(),
  datacontenttype: z.string().optional(),
  data: z.unknown(),
});

export type CDEvent = z.output<typeof cdeventSchema>;
