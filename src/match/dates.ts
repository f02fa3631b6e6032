/** Day arithmetic on compose dates (`YYYYMMDD`) and epoch seconds, in whole UTC days since 1970-01-01. */

const secondsPerDay = 86_400;

/** Days since the epoch of a `YYYYMMDD` date; `null` when it is not a real date. */
export function dayOfYyyymmdd(date: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(date);
  if (m === null) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ms / 1000 / secondsPerDay;
}

/** The UTC day of an epoch-seconds time. */
export function dayOfEpochSeconds(seconds: number): number {
  return Math.floor(seconds / secondsPerDay);
}
