/** Builds {@link BaseImage} values for matcher tests. */
import type { BaseImage } from '../../src/base/base-image.js';
import { nevra } from './fake-catalog.js';

/** A base image with defaults for everything not given; packages as NEVRA strings. */
export function makeBase(parts: {
  repos?: { id: string; timestamp: number }[];
  version?: string | null;
  arch?: string | null;
  packages?: string[];
  commitTime?: number | null;
  kind?: BaseImage['source']['kind'];
}): BaseImage {
  return {
    source: { kind: parts.kind ?? 'ostree', location: 'test', ref: null, deployment: null },
    commit: null,
    version: parts.version ?? null,
    arch: parts.arch === undefined ? 'x86_64' : parts.arch,
    commitTime: parts.commitTime ?? null,
    repos: (parts.repos ?? []).map((r) => ({ ...r, swapped: false })),
    packages: (parts.packages ?? []).map(nevra),
    notes: [],
  };
}

/** Epoch seconds of an ISO time (`2024-05-17T10:00:00Z`). */
export function epoch(iso: string): number {
  return Date.parse(iso) / 1000;
}
