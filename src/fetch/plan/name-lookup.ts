/**
 * What the sources' metadata says about a package name (its builds and their source packages).
 * Sources are asked in chain order and only until one answers what is asked, so a later source
 * (the 40 MB updates-archive) is read only when the earlier ones do not list the build. A source
 * that fails is recorded and not asked again this run.
 */
import type { PrimaryPackage } from '../../rpmmd/primary-types.js';
import { failedAnswer, type BuildSource, type BuildSourceRef, type SourceAnswer } from '../build-source.js';

/** Memoised `packagesNamed` over the chain. */
export class NameLookup {
  readonly #sources: readonly BuildSource[];
  readonly #memo = new Map<BuildSource, Map<string, Promise<PrimaryPackage[] | null>>>();
  /** One `failed` answer per source that failed (for the report and the outcome). */
  readonly failures: SourceAnswer[] = [];

  constructor(sources: readonly BuildSource[]) {
    this.#sources = sources;
  }

  /** True when some source could not be asked: "nowhere" may then be wrong. */
  get anyFailed(): boolean {
    return this.failures.length > 0;
  }

  /**
   * The packages of this name that satisfy `match`, from the first source (in chain order) that
   * lists any; `[]` when none does.
   */
  async find(name: string, match: (p: PrimaryPackage) => boolean = () => true): Promise<PrimaryPackage[]> {
    return (await this.first(name, match))?.packages ?? [];
  }

  /** As {@link find}, with the source that listed them; null when none does. */
  async first(
    name: string,
    match: (p: PrimaryPackage) => boolean,
  ): Promise<{ source: BuildSourceRef; packages: PrimaryPackage[] } | null> {
    for (const source of this.#sources) {
      const listed = await this.#ask(source, name);
      const hits = listed?.filter(match) ?? [];
      if (hits.length > 0) return { source: source.ref, packages: hits };
    }
    return null;
  }

  /**
   * What one source of the chain lists under `name` (Koji lists nothing); null when it failed or
   * is not in the chain. Memoised with the rest, so a report of what each source holds costs
   * nothing for the sources already asked.
   */
  async listedIn(ref: BuildSourceRef, name: string): Promise<PrimaryPackage[] | null> {
    const source = this.#sources.find(
      (s) => s.ref.kind === ref.kind && s.ref.name === ref.name && s.ref.url === ref.url,
    );
    return source === undefined ? null : this.#ask(source, name);
  }

  /**
   * Names of packages that provide `capability` (`kernel-devel-uname-r`), from the first source in
   * chain order that knows any; `[]` when none does (or no source has a capability index).
   */
  async providers(capability: string): Promise<string[]> {
    for (const source of this.#sources) {
      const providersOf = source.providersOf?.bind(source);
      if (providersOf === undefined) continue;
      const names = await this.#guarded(source, () => providersOf(capability));
      if (names !== null && names.length > 0) return names;
    }
    return [];
  }

  #ask(source: BuildSource, name: string): Promise<PrimaryPackage[] | null> {
    let byName = this.#memo.get(source);
    if (byName === undefined) {
      byName = new Map();
      this.#memo.set(source, byName);
    }
    let result = byName.get(name);
    if (result === undefined) {
      result = this.#query(source, name);
      byName.set(name, result);
    }
    return result;
  }

  #query(source: BuildSource, name: string): Promise<PrimaryPackage[] | null> {
    return this.#guarded(source, () => source.packagesNamed(name));
  }

  /** `call`'s answer, or null when this source failed, now (recorded once) or earlier this run. */
  async #guarded<T>(source: BuildSource, call: () => Promise<T>): Promise<T | null> {
    if (this.failures.some((f) => f.source === source.ref)) return null;
    try {
      return await call();
    } catch (error) {
      this.failures.push(failedAnswer(source.ref, error));
      return null;
    }
  }
}
