// The Camunda REST shapes the Cockpit reads, and the few calls that need more than get/post
// (plain-text stack traces). Everything goes through shared/api.ts (session, CSRF, errors).
import { ApiError } from '../shared/api';

export const REST = '/engine-rest';

export interface Definition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deploymentId: string;
  suspended: boolean;
  versionTag?: string | null;
}

export interface IncidentCount {
  incidentType: string;
  incidentCount: number;
}

export interface DefinitionStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: IncidentCount[];
  definition: Definition;
}

export interface ActivityStatistics {
  id: string;
  instances: number;
  failedJobs: number;
  incidents: IncidentCount[];
}

export interface ProcessInstance {
  id: string;
  definitionId: string;
  businessKey: string | null;
  suspended: boolean;
  ended: boolean;
}

export interface HistoricInstance {
  id: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionName: string | null;
  processDefinitionVersion: number;
  businessKey: string | null;
  startTime: string;
  endTime: string | null;
  durationInMillis: number | null;
  deleteReason: string | null;
  state: string;
  superProcessInstanceId: string | null;
}

export interface ActivityInstance {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string | null;
  childActivityInstances: ActivityInstance[];
  childTransitionInstances: { id: string; activityId: string; activityName?: string | null; targetActivityId?: string }[];
  incidentIds: string[];
}

export interface Incident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  incidentTimestamp: string;
  activityId: string | null;
  processInstanceId: string;
  configuration: string | null;
}

export interface Variable {
  type: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
}

export interface TaskRow {
  id: string;
  name: string | null;
  assignee: string | null;
  created: string;
  taskDefinitionKey: string;
}

export interface OperationEntry {
  id: string;
  operationId: string;
  operationType: string;
  entityType: string;
  property: string | null;
  orgValue: string | null;
  newValue: string | null;
  userId: string | null;
  timestamp: string;
  annotation?: string | null;
}

export interface DecisionDefinition {
  id: string;
  key: string;
  name: string | null;
  version: number;
  deploymentId: string;
}

export interface Deployment {
  id: string;
  name: string | null;
  source: string | null;
  deploymentTime: string;
}

export interface Resource {
  id: string;
  name: string;
  deploymentId: string;
}

/** A plain-text answer (stack traces, error details); '' when there is none. */
export async function getText(path: string): Promise<string> {
  const res = await fetch(path, { credentials: 'same-origin', headers: { Accept: 'text/plain, */*', 'X-Requested-With': 'XMLHttpRequest' } });
  const text = await res.text();
  if (!res.ok) {
    let message = `${res.status}`;
    try {
      message = (JSON.parse(text) as { message?: string }).message ?? message;
    } catch {
      /* not JSON */
    }
    throw new ApiError(res.status, message);
  }
  return text;
}

export const incidentTotal = (list: IncidentCount[]) => list.reduce((n, c) => n + c.incidentCount, 0);

/** Flattens the activity-instance tree to activity ids with tokens (leaves and transitions). */
export function tokenActivities(tree: ActivityInstance): string[] {
  const out: string[] = [];
  const walk = (n: ActivityInstance) => {
    for (const c of n.childActivityInstances) {
      out.push(c.activityId);
      walk(c);
    }
    for (const tr of n.childTransitionInstances) out.push(tr.activityId ?? tr.targetActivityId ?? '');
  };
  walk(tree);
  return out.filter(Boolean);
}
