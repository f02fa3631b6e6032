/**
 * Synthetic compose histories of any size for request-budget tests and the bench: `perDay`
 * composes a day (respins), repo timestamps increasing, the last respin of a busy day stamped after
 * midnight UTC.
 */
import type { FakeCompose } from './fake-catalog.js';

const hour = 3_600;

/** `n` composes of one series starting at `start` (`YYYY-MM-DD`). */
export function syntheticHistory(
  n: number,
  options: { perDay?: number; release?: string; series?: 'updates' | 'updates-testing'; start?: string } = {},
): FakeCompose[] {
  const perDay = options.perDay ?? 1;
  const release = options.release ?? '40';
  const series = options.series ?? 'updates';
  const start = Date.parse(`${options.start ?? '2024-01-01'}T00:00:00Z`) / 1000;
  return Array.from({ length: n }, (_, i) => {
    const day = Math.floor(i / perDay);
    const respin = i % perDay;
    const dayStart = start + day * 24 * hour;
    const date = new Date(dayStart * 1000).toISOString().slice(0, 10).replaceAll('-', '');
    return {
      id: `Fedora-${release}-${series}-${date}.${respin}`,
      timestamp: dayStart + Math.round(((respin + 1) * 24 * hour) / (perDay + 1)) + 5 * hour,
      packages: [`pkg-1.${day}-${respin}.fc${release}.x86_64`, `bash-5.2-1.fc${release}.x86_64`],
    };
  });
}
