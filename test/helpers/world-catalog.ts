/**
 * The committed world as the in-memory catalog (fake-catalog.ts) takes it: the composes Bodhi still
 * retains and the frozen GA repo, packages as NEVRA strings. For matcher tests that read no files.
 */
import { nevraText } from './dnf-oracle.js';
import { fakeCatalog, type FakeCatalog, type FakeCompose, type FakeGa } from './fake-catalog.js';
import type { Truth } from './world.js';

/** The world's composes that were not pruned; one without repodata has no timestamp. */
export function retainedComposes(truth: Truth): FakeCompose[] {
  return truth.composes
    .filter((c) => c.pruned !== true)
    .map((c) => ({
      id: c.id,
      status: c.status,
      timestamp: c.hasRepodata === true ? c.repoTimestamp : null,
      packages: c.packages.map(nevraText),
    }));
}

/** The world's frozen GA repo, which explains the base packages no compose carries. */
export function worldGa(truth: Truth): FakeGa {
  return { timestamp: truth.ga.repoTimestamp!, packages: truth.ga.packages.map(nevraText) };
}

/** A fresh catalog (its own counters) of the retained composes and GA. */
export function retainedWorldCatalog(truth: Truth): FakeCatalog {
  return fakeCatalog(retainedComposes(truth), { ga: worldGa(truth) });
}
