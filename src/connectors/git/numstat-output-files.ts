/**
 * The temporary files the sizes pass's git processes write their numstat output to
 * (git-sizes-reader.ts), until each chunk's turn comes to be read.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { forgetTempFolder, registerTempFolder } from './git-helper-process.js';
import { tempUnwritable } from './git-runner.js';

/**
 * Where a run's numstat outputs wait: a private temporary folder, made when the first chunk
 * needs it (a run with nothing to measure makes none), and a name for each output. The git
 * helper removes the folder if Panorama dies before `remove`.
 */
export class OutputFiles {
  private next = 0;
  private folder: Promise<string> | null = null;
  /** Set by `remove`: a chunk still running after an early stop must not make a new folder. */
  private closed = false;

  async name(): Promise<string> {
    if (this.closed) throw new Error('the sizes read has stopped: no more output files');
    this.folder ??= OutputFiles.make();
    return join(await this.folder, `numstat-${this.next++}`);
  }

  private static async make(): Promise<string> {
    const prefix = join(resolve(tmpdir()), 'panorama-sizes-');
    let folder: string;
    try {
      folder = await mkdtemp(prefix);
    } catch (error) {
      throw tempUnwritable(`cannot create a temporary folder ${prefix}XXXXXX (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
    }
    registerTempFolder(folder);
    return folder;
  }

  /** A file's bytes; the file is removed. */
  async take(file: string): Promise<Buffer> {
    const bytes = await readFile(file);
    await rm(file, { force: true });
    return bytes;
  }

  /** Removes the folder, if made; never throws (an error of the run must not be hidden). */
  async remove(): Promise<void> {
    this.closed = true;
    const folder = await this.folder?.catch(() => null);
    if (folder === null || folder === undefined) return;
    await rm(folder, { recursive: true, force: true }).then(
      () => forgetTempFolder(folder),
      () => undefined,
    );
  }
}
