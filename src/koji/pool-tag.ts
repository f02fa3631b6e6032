/** The Koji tag of the Fedora CoreOS pool (FACTS.md 13): many builds per package, one for every release. */
export const defaultPoolTag = 'coreos-pool';
