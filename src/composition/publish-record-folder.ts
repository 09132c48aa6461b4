import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ArtifactStore, UploadedArtifact } from '../adapters/artifact/artifact-store.js';
import { artifactNameForJob } from '../adapters/artifact/artifact-store.js';

/** Uploads the job folder's records (report, analysis, transcript, diff, job record) as one artifact. */
export async function publishRecordFolder(store: ArtifactStore, jobId: string, jobDir: string): Promise<UploadedArtifact | null> {
  const names = await readdir(jobDir).catch(() => [] as string[]);
  const files = names.filter((n) => !n.endsWith('.tmp')).sort().map((n) => path.join(jobDir, n));
  if (files.length === 0) return null;
  return store.upload(artifactNameForJob(jobId), files, jobDir);
}
