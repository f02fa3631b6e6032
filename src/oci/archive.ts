/**
 * The `oci-archive:FILE[:TAG]` transport: a tar of an image layout (what `skopeo copy … oci-archive:`
 * writes). As containers/image does, it is unpacked to a temporary directory, streamed to disk
 * with the tar reader so memory stays bounded, and then read as a layout.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { openLayoutSource } from './layout.js';
import type { ImageSource } from './image-source.js';
import { readTar } from './tar/reader.js';

/** Opens a tar of an image layout; the temporary copy is removed by `close()`. */
export async function openArchiveSource(
  file: string,
  tag: string | undefined,
  reference: string,
): Promise<ImageSource> {
  const dir = await mkdtemp(join(tmpdir(), 'compose-match-oci-'));
  try {
    await readTar(
      createReadStream(file),
      async (entry, body) => {
        // A layout holds only directories and regular files; paths are normalised without `..`.
        if (entry.type !== 'file' || entry.path === '') return;
        const target = join(dir, entry.path);
        await mkdir(dirname(target), { recursive: true });
        await pipeline(Readable.from(body), createWriteStream(target));
      },
      { subject: file },
    );
    const layout = await openLayoutSource(dir, tag, reference);
    return {
      ...layout,
      close: async () => {
        await layout.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
