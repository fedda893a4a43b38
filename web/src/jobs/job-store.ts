/**
 * What this browser knows of a payment run or an import it started: when, and the file's line count, shown
 * by those pages while the server works ("已用时 …"). Kept per user in localStorage. The list of a user's jobs
 * under 任务中心 is the server's (jobs-api.ts), so it is the same in every browser.
 */
import { useSyncExternalStore } from 'react';

export type JobKind = 'screen' | 'simulation' | 'payment-run' | 'import' | 'discovery';

export interface JobEntry {
  /** Unique per job, e.g. `screen:42`, `payment-run:310115:2025-06`. */
  key: string;
  kind: JobKind;
  title: string;
  /** Where the job's own page shows its progress and result. */
  url: string;
  startedAt: string;
  /** What a status check needs (run id, district and month, source and batch). */
  ref: Record<string, string | number>;
}

const MAX_JOBS = 50;
const listeners = new Set<() => void>();
let owner = '';
let cache: { raw: string | null; jobs: JobEntry[] } = { raw: null, jobs: [] };

const storageKey = () => `minzheng.jobs.${owner}`;

function read(): JobEntry[] {
  const raw = owner ? localStorage.getItem(storageKey()) : null;
  if (raw === cache.raw) return cache.jobs;
  let jobs: JobEntry[] = [];
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (Array.isArray(parsed)) jobs = parsed as JobEntry[];
  } catch {
    jobs = [];
  }
  cache = { raw, jobs };
  return jobs;
}

function write(jobs: JobEntry[]): void {
  if (!owner) return;
  localStorage.setItem(storageKey(), JSON.stringify(jobs.slice(0, MAX_JOBS)));
  for (const listener of listeners) listener();
}

/**
 * Set by the shell while it renders, before any page reads or adds a job: two people sharing a browser
 * do not see each other's jobs. Nothing is notified; everything that reads jobs renders after the shell.
 */
export function setJobOwner(username: string): void {
  owner = username;
}

/** Newest first. Opening a job already listed keeps its place and start time unless `restart` says it began again. */
export function rememberJob(job: Omit<JobEntry, 'startedAt'>, restart = false): void {
  const jobs = read();
  const known = jobs.find((j) => j.key === job.key);
  if (known && !restart) {
    if (known.title !== job.title || known.url !== job.url) write(jobs.map((j) => (j.key === job.key ? { ...known, title: job.title, url: job.url } : j)));
    return;
  }
  write([{ ...job, startedAt: new Date().toISOString() }, ...jobs.filter((j) => j.key !== job.key)]);
}

export function forgetJob(key: string): void {
  write(read().filter((j) => j.key !== key));
}

export function findJob(key: string): JobEntry | undefined {
  return read().find((j) => j.key === key);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => event.key === storageKey() && listener();
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useJobs(): JobEntry[] {
  return useSyncExternalStore(subscribe, read);
}
