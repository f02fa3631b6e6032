/**
 * `compose-match composes`: the composes under a compose root, with STATUS, date and (with
 * `--arch`) the repo timestamp rpm-ostree would record (the largest repomd.xml timestamp).
 */
import { parseCommandArgs } from '../parse-command-args.js';
import { commandSpec } from '../options/option-table.js';
import type { FetcherComposeCatalog } from '../../compose/create-catalog.js';
import type { ComposeEntry, ComposeStatus } from '../../compose/catalog.js';
import { isComposeMatchError } from '../../errors.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { cliCatalog, cliFetcher, defaultComposeRoot, timeoutRow } from '../fetch-options.js';

/** The option table of `composes`. */
export const composesSpec = commandSpec({
  name: 'composes',
  usage: 'composes [options]',
  description: 'List the updates composes under a compose root, with their STATUS and date.',
  groups: [
    {
      title: 'Options',
      options: [
        {
          name: 'compose-root',
          type: 'string',
          arg: 'URL|PATH',
          description: `where the composes are (default ${defaultComposeRoot}); a local mirror directory works too`,
        },
        {
          name: 'release',
          type: 'string',
          arg: 'N',
          description: 'only this release version (e.g. 41, 10.0)',
        },
        { name: 'testing', type: 'boolean', description: 'updates-testing composes instead of updates' },
        {
          name: 'arch',
          type: 'string',
          arg: 'A',
          description:
            'also show the repo timestamp of compose/Everything/A/os (the largest <timestamp> in its repomd.xml)',
        },
        { name: 'json', type: 'boolean', description: 'one JSON document on stdout' },
        {
          name: 'no-cache',
          type: 'boolean',
          description: 'do not use the on-disk cache (default: $XDG_CACHE_HOME/compose-match)',
        },
        timeoutRow,
      ],
    },
  ],
});

interface Row {
  id: string;
  url: string;
  short: string;
  version: string;
  series: string;
  date: string;
  respin: number;
  status: ComposeStatus | null;
  error: string | null;
  repoTimestamp: number | null;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(composesSpec, args);
  const fetcher = cliFetcher(values['no-cache'], io, values.timeout);
  try {
    const catalog = cliCatalog(fetcher, values['compose-root'], io);
    const root = catalog.rootUrl;
    const series = values.testing === true ? 'updates-testing' : 'updates';
    const entries = (await catalog.list()).filter(
      (e) => e.id.series === series && (values.release === undefined || e.id.version === values.release),
    );
    const arch = values.arch;
    const rows = await Promise.all(entries.map((entry) => describe(catalog, entry, arch)));
    if (values.json === true) {
      io.stdout.write(
        JSON.stringify({ composeRoot: root, arch: arch ?? null, composes: rows }, null, 2) + '\n',
      );
    } else {
      for (const row of rows) {
        const date = `${row.date.slice(0, 4)}-${row.date.slice(4, 6)}-${row.date.slice(6, 8)}`;
        const stamp =
          arch === undefined
            ? ''
            : `  ${row.repoTimestamp === null ? '-' : `${row.repoTimestamp} (${new Date(row.repoTimestamp * 1000).toISOString()})`}`;
        // A row whose STATUS was read but not its repo timestamp says why at its end.
        const error = row.status !== null && row.error !== null ? `  (${row.error})` : '';
        io.stdout.write(`${row.id}  ${row.status ?? `? ${row.error ?? ''}`}  ${date}${stamp}${error}\n`);
      }
      if (rows.length === 0) io.stderr.write(`compose-match: no ${series} composes under ${root}\n`);
    }
    return ExitCode.ok;
  } finally {
    await fetcher.close();
  }
}

async function describe(
  catalog: FetcherComposeCatalog,
  entry: ComposeEntry,
  arch: string | undefined,
): Promise<Row> {
  const row: Row = {
    id: entry.id.id,
    url: entry.url,
    short: entry.id.short,
    version: entry.id.version,
    series: entry.id.series,
    date: entry.id.date,
    respin: entry.id.respin,
    status: null,
    error: null,
    repoTimestamp: null,
  };
  try {
    row.status = await catalog.status(entry);
    if (arch !== undefined && (row.status === 'FINISHED' || row.status === 'FINISHED_INCOMPLETE')) {
      row.repoTimestamp = (await catalog.repomd(entry, arch)).largestTimestamp;
    }
  } catch (error) {
    // One broken compose does not hide the others; its row says what went wrong.
    if (!isComposeMatchError(error)) throw error;
    row.error = `${error.code}: ${error.message}`;
  }
  return row;
}

/** The `composes` command. */
export const composesCommand: Command = { spec: composesSpec, run };
