/**
 * Picking a deployment out of `rpm-ostree status --json`. rpm-ostree lists the pending deployment
 * (the one the next boot uses) first, then the booted one, then the rollback; `cached-update` is
 * not a deployment but what `rpm-ostree upgrade --check` (or the automatic update timer) found.
 */
import { BaseImageError } from './errors.js';
import { badShape } from './json-metadata.js';
import type { StatusDeploymentChoice } from './source.js';

/** A deployment as status JSON has it. */
export type StatusDeployment = Record<string, unknown>;

/** The deployment chosen, with its index and why it was chosen. */
export interface PickedDeployment {
  index: number;
  deployment: StatusDeployment;
  notes: string[];
}

/** The `deployments` array of a parsed status document. */
export function deploymentsOf(status: Record<string, unknown>, location: string): unknown[] {
  const deployments = status['deployments'];
  if (!Array.isArray(deployments))
    throw badShape(location, 'no deployments array (not rpm-ostree status --json?)');
  return deployments;
}

/** The booted deployment's index, or -1. */
export function bootedIndex(deployments: unknown[]): number {
  return deployments.findIndex((d) => (d as { booted?: unknown } | null)?.booted === true);
}

/** Picks a deployment by index, `booted` or `pending` (not `cached-update`: see from-cached-update.ts). */
export function pickDeployment(
  deployments: unknown[],
  location: string,
  choice: Exclude<StatusDeploymentChoice, 'cached-update'>,
): PickedDeployment {
  const notes: string[] = [];
  const booted = bootedIndex(deployments);
  let index: number;
  if (typeof choice === 'number') {
    index = choice;
  } else if (choice === 'pending') {
    // The pending deployment is listed before the booted one; with the booted one first (or none
    // booted, as in a status taken from outside the host) there is nothing pending.
    if (booted <= 0) {
      throw new BaseImageError(
        'ERR_BASE_NO_DEPLOYMENT',
        `${location} has no pending deployment (${booted === 0 ? 'the booted deployment is listed first' : 'no deployment is marked booted'}); ` +
          'run rpm-ostree upgrade (or rebase) first, or pick a deployment by index',
        { subject: location },
      );
    }
    index = 0;
    notes.push(`pending deployment ${index}: the one the next boot uses`);
  } else {
    index = booted;
    if (index < 0 && deployments.length > 0) {
      index = 0;
      notes.push('no deployment is marked booted: using deployment 0');
    }
  }
  const deployment = deployments[index] as StatusDeployment | undefined | null;
  if (deployment === undefined || deployment === null || typeof deployment !== 'object') {
    throw new BaseImageError(
      'ERR_BASE_NO_DEPLOYMENT',
      `${location} has no deployment ${index < 0 ? '(none at all)' : index} (it lists ${deployments.length})`,
      { subject: location },
    );
  }
  return { index, deployment, notes };
}
