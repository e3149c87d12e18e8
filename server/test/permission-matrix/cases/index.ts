// Every case file, gathered. Add yours with one import and one spread.
import type { MatrixCase } from '../model.ts';
import { agentReleasesCases } from './agent-releases.cases.ts';
import { agentsCases } from './agents.cases.ts';
import { assignmentsCases } from './assignments.cases.ts';
import { auditCases } from './audit.cases.ts';
import { directoryCases } from './directory.cases.ts';
import { rolesCases } from './roles.cases.ts';
import { roomActionsCases } from './room-actions.cases.ts';
import { roomsCases } from './rooms.cases.ts';
import { sessionsCases } from './sessions.cases.ts';
import { settingsCases } from './settings.cases.ts';
import { ssoCases } from './sso.cases.ts';
import { tokensCases } from './tokens.cases.ts';
import { roomsIncidentsCases } from './rooms-incidents.cases.ts';

import { notificationsCases } from './notifications.cases.ts';
import { clusterCases } from './cluster.cases.ts';

export const ALL_CASES: MatrixCase[] = [...directoryCases, ...rolesCases, ...roomsCases, ...settingsCases, ...auditCases, ...tokensCases, ...agentsCases, ...ssoCases, ...sessionsCases, ...agentReleasesCases, ...roomActionsCases, ...assignmentsCases, ...roomsIncidentsCases, ...notificationsCases, ...clusterCases];
