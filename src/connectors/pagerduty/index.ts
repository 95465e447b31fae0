/**
 * The PagerDuty connector's public surface: incidents with their acknowledgement, resolution,
 * urgency, priority and responders, synced incrementally (`panorama sync --source pagerduty`).
 */
export { createPagerdutyConnector, type PagerdutyConnectorOptions, type PagerdutyCursor } from './pagerduty-connector.js';
export { PAGERDUTY_API_URL } from './pagerduty-client.js';
export {
  findCausedBy,
  mapPagerdutyIncident,
  pagerdutyIncidentId,
  type PagerdutyIncidentPayload,
  type PagerdutyMapContext,
  type PagerdutyResponder,
} from './pagerduty-mapper.js';
